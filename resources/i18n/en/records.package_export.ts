<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>{stage}：{done} / {total}</source>
        <translation>{stage}: {done} / {total}</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>为 PDF 加数字签名（机构证书）</source>
        <translation>Add a digital signature to the PDFs (institution certificate)</translation>
    </message>
    <message>
        <source>证书口令（不保存）</source>
        <translation>certificate password, never stored</translation>
    </message>
    <message>
        <source>管理员尚未在“机构设置”中指定机构证书</source>
        <translation>No certificate set by the administrator (Institution settings)</translation>
    </message>
    <message>
        <source>未设置（管理 → 机构设置）</source>
        <translation>not set (Administration → Institution settings)</translation>
    </message>
    <message>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>机构证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>证书口令</source>
        <translation>Certificate password</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打开文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>请选择导出文件夹。</source>
        <translation>Choose the folder to export to.</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>正在停止…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>导出完成</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <source>未导出</source>
        <translation>Not exported</translation>
    </message>
    <message>
        <source>已取消：本次未写入的不会导出；已完成的保留</source>
        <translation>Cancelled: nothing more is exported; what was done stays done</translation>
    </message>
    <message>
        <source>病例档案</source>
        <translation>Case archive</translation>
    </message>
    <message>
        <source>，PDF 已加数字签名</source>
        <translation>, PDFs digitally signed</translation>
    </message>
    <message>
        <source>{case}：按法定顺序导出全部档案（目录、申请与核准、方案、处方、执行单、评估、结算、附件、审计记录），作为完整性校验包（文件夹和 zip，可据校验值检查每个文件未被改动），供检查或异地保存。</source>
        <translation>{case}: the whole archive in the statutory order (contents, application and approval, plan, prescriptions, execution sheets, assessments, claims, attachments, audit trail), as an integrity package (a folder and a zip whose check values show that no file was changed), for inspection or off-site keeping.</translation>
    </message>
    <message>
        <source>已写入：{folder}
{zip}
{documents} 份 PDF{signed}；审计锚点 #{anchor}</source>
        <translation>Written: {folder}
{zip}
{documents} PDF(s){signed}; audit anchor #{anchor}</translation>
    </message>
    <message>
        <source>导出病例档案</source>
        <translation>Export the case&apos;s archive</translation>
    </message>
</context>
<context>
    <name>stage</name>
    <message>
        <source>检查档案完整性</source>
        <translation>Checking the archive</translation>
    </message>
    <message>
        <source>生成文件</source>
        <translation>Building documents</translation>
    </message>
    <message>
        <source>签署 PDF</source>
        <translation>Signing the PDFs</translation>
    </message>
    <message>
        <source>汇集档案</source>
        <translation>Collecting the archive</translation>
    </message>
    <message>
        <source>生成申报</source>
        <translation>Building claims</translation>
    </message>
    <message>
        <source>确认冻结</source>
        <translation>Finalizing</translation>
    </message>
    <message>
        <source>导出申报</source>
        <translation>Exporting claims</translation>
    </message>
    <message>
        <source>生成、确认并导出申报</source>
        <translation>Building, freezing and exporting claims</translation>
    </message>
    <message>
        <source>读取本月病例与完整性</source>
        <translation>Reading the month</translation>
    </message>
    <message>
        <source>正在写入导出包，不能取消</source>
        <translation>Writing the package (cannot be cancelled)</translation>
    </message>
</context>
</TS>
