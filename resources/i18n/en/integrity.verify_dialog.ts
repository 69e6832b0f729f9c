<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>校验档案</source>
        <translation>Verify the archive</translation>
    </message>
    <message>
        <source>可选：锚定文件（rehab-archive anchor 所写）</source>
        <translation>Optional: an anchor file (written by rehab-archive anchor)</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>开始校验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>检查审计链、保护触发器、每条记录与其审计状态、每个签名、每个附件和每份冻结的结算申报。</source>
        <translation>Checks the audit chain, the guard triggers, every record against its audited state, every signature, every attachment and every frozen claim.</translation>
    </message>
    <message>
        <source>锚定文件</source>
        <translation>Anchor</translation>
    </message>
    <message>
        <source>选择锚定文件</source>
        <translation>Choose the anchor file</translation>
    </message>
    <message>
        <source>锚定文件 (*.json);;全部文件 (*)</source>
        <translation>Anchor (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>正在校验…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <source>正在停止…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>校验完成</source>
        <translation>Verification finished</translation>
    </message>
    <message>
        <source>全部通过</source>
        <translation>All checks passed</translation>
    </message>
    <message>
        <source>发现 {count} 个问题（红色标出）</source>
        <translation>{count} problem(s), marked red</translation>
    </message>
    <message>
        <source>校验未完成</source>
        <translation>Verification did not finish</translation>
    </message>
    <message>
        <source>已取消，未得出结果</source>
        <translation>Cancelled: no result</translation>
    </message>
</context>
<context>
    <name>verify</name>
    <message>
        <source>审计链</source>
        <translation>Audit chain</translation>
    </message>
    <message>
        <source>记录与审计状态</source>
        <translation>Records against the audit</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>结算申报</source>
        <translation>Claims</translation>
    </message>
</context>
</TS>
