<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>治疗记录</source>
        <translation>Treatment session</translation>
    </message>
    <message>
        <source>处方</source>
        <translation>Prescription</translation>
    </message>
    <message>
        <source>评估</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>自费知情同意</source>
        <translation>Out-of-scope consent</translation>
    </message>
    <message>
        <source>次数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>时长（分钟）</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>频次</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <source>参数</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>分级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>签字人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>更正记录 — {case}</source>
        <translation>Correct a record — {case}</translation>
    </message>
    <message>
        <source>更正内容</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>必填：为什么更正</source>
        <translation>Required: why the record is corrected</translation>
    </message>
    <message>
        <source>本人密码</source>
        <translation>Your password</translation>
    </message>
    <message>
        <source>已归档：须系统管理员当场批准</source>
        <translation>Archived: an administrator approves on the spot</translation>
    </message>
    <message>
        <source>管理员用户名</source>
        <translation>Administrator&apos;s user name</translation>
    </message>
    <message>
        <source>管理员密码</source>
        <translation>Administrator&apos;s password</translation>
    </message>
    <message>
        <source>批准人</source>
        <translation>Approver</translation>
    </message>
    <message>
        <source>批准人密码</source>
        <translation>Approver&apos;s password</translation>
    </message>
    <message>
        <source>签名并提交更正</source>
        <translation>Sign and correct</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>更正原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>版本（原始版本保留，被更正者标为“已被更正”）</source>
        <translation>Versions (the original stays; a corrected version is marked &quot;superseded&quot;)</translation>
    </message>
    <message>
        <source>本病例没有可更正的已签名记录。</source>
        <translation>This case has no signed record to correct.</translation>
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
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>By</translation>
    </message>
    <message>
        <source>已被更正</source>
        <translation>Superseded</translation>
    </message>
    <message>
        <source>现行</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>（原始）</source>
        <translation>(original)</translation>
    </message>
    <message>
        <source>原值（只读）</source>
        <translation>Original (read-only)</translation>
    </message>
    <message>
        <source>更正为</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <source>已签名保存更正版本 #{id}</source>
        <translation>Correction #{id} signed and saved</translation>
    </message>
</context>
</TS>
