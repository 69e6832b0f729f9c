<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>申报号</source>
        <translation>Claim no.</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>费用合计</source>
        <translation>Total charges</translation>
    </message>
    <message>
        <source>基金支付</source>
        <translation>Fund pays</translation>
    </message>
    <message>
        <source>生成时间</source>
        <translation>Built at</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>已确认</source>
        <translation>Final</translation>
    </message>
    <message>
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <source>阻断</source>
        <translation>Blocking</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>{level}：{problem}&#x3000;{basis}</source>
        <translation>{level}: {problem}  {basis}</translation>
    </message>
    <message>
        <source>出院结算</source>
        <translation>Discharge settlement</translation>
    </message>
    <message>
        <source>生成申报</source>
        <translation>Build claim</translation>
    </message>
    <message>
        <source>确认延迟签名…</source>
        <translation>Acknowledge late signatures…</translation>
    </message>
    <message>
        <source>延迟签名须由病案人员说明原因并确认后，方可生成申报</source>
        <translation>Late signatures must be acknowledged with a reason by the records officer before the claim is built</translation>
    </message>
    <message>
        <source>确认并冻结…</source>
        <translation>Finalize…</translation>
    </message>
    <message>
        <source>更正…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>支付标准…</source>
        <translation>Payment terms…</translation>
    </message>
    <message>
        <source>康复结束/补助金…</source>
        <translation>Course end / subsidy…</translation>
    </message>
    <message>
        <source>结算期间</source>
        <translation>Claim period</translation>
    </message>
    <message>
        <source>结算申报</source>
        <translation>Claims</translation>
    </message>
    <message>
        <source>适用规则：{pack}&#x3000;支付标准：{terms}</source>
        <translation>Rules: {pack}   Payment terms: {terms}</translation>
    </message>
    <message>
        <source>该病例尚无可结算的期间。</source>
        <translation>Nothing to claim for this case yet.</translation>
    </message>
    <message>
        <source>有延迟签名待病案人员说明原因并确认，确认后方可生成申报。</source>
        <translation>Late signatures wait for the records officer&apos;s acknowledgement with a reason; then the claim can be built.</translation>
    </message>
    <message>
        <source>档案完整，可以生成申报。</source>
        <translation>Complete: the claim can be built.</translation>
    </message>
    <message>
        <source>冻结校验值 {sha}</source>
        <translation>Check value when frozen {sha}</translation>
    </message>
    <message>
        <source>第{version}版</source>
        <translation>version {version}</translation>
    </message>
    <message>
        <source>草稿预览</source>
        <translation>draft preview</translation>
    </message>
    <message>
        <source>，PDF 已加数字签名</source>
        <translation>, PDFs digitally signed</translation>
    </message>
    <message>
        <source>申报 #{claim}（{period}，第 {version} 版，合计 ¥{total}）导出为完整性校验包（文件夹和 zip）：结算申报表、费用清单、执行单、治疗方案与数据文件。</source>
        <translation>Claim #{claim} ({period}, version {version}, total ¥{total}) exported as an integrity package (a folder and a zip): claim form, fee list, execution sheets, treatment plan and data files.</translation>
    </message>
    <message>
        <source>有 {count} 项阻断问题，须先补齐。</source>
        <translation>{count} blocking gap(s) to fix first.</translation>
    </message>
    <message>
        <source>待确认</source>
        <translation>To acknowledge</translation>
    </message>
    <message>
        <source>{text}
双击打开该记录</source>
        <translation>{text}
Double-click to open the record</translation>
    </message>
    <message>
        <source>草稿：尚未冻结</source>
        <translation>Draft: not frozen yet</translation>
    </message>
    <message>
        <source>；更正 #{claim}</source>
        <translation>; corrects #{claim}</translation>
    </message>
    <message>
        <source>申报 #{claim}{replaces}&#x3000;合计 ¥{total}，基金支付 ¥{fund}&#x3000;{seal}</source>
        <translation>Claim #{claim}{replaces}  total ¥{total}, fund pays ¥{fund}  {seal}</translation>
    </message>
    <message>
        <source>确认结算申报</source>
        <translation>Finalize claims</translation>
    </message>
    <message>
        <source>确认后申报 #{claim}（合计 ¥{total}）将被冻结，不能再修改，只能更正。是否确认？</source>
        <translation>Once final, claim #{claim} (total ¥{total}) is frozen: it cannot be changed, only corrected by a new version. Finalize it?</translation>
    </message>
    <message>
        <source>更正结算申报</source>
        <translation>Correct the claim</translation>
    </message>
    <message>
        <source>更正原因：</source>
        <translation>Reason for the correction:</translation>
    </message>
    <message>
        <source>正在生成预览…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <source>正在生成草稿预览（带“草稿”水印）…</source>
        <translation>Building the draft preview (watermarked DRAFT)…</translation>
    </message>
    <message>
        <source>已写入：{folder}
{zip}
{documents} 份 PDF，{data} 个数据文件{signed}</source>
        <translation>Written: {folder}
{zip}
{documents} PDF(s), {data} data file(s){signed}</translation>
    </message>
    <message>
        <source>导出结算申报</source>
        <translation>Export the claim</translation>
    </message>
</context>
</TS>
