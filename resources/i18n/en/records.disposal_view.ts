<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>待批准</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <source>待监销</source>
        <translation>To witness</translation>
    </message>
    <message>
        <source>可执行</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>已销毁</source>
        <translation>Destroyed</translation>
    </message>
    <message>
        <source>病例号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>患者</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>保管至</source>
        <translation>Kept until</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>提出</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <source>病例</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>鉴定意见</source>
        <translation>Appraisal</translation>
    </message>
    <message>
        <source>批准人</source>
        <translation>Approver</translation>
    </message>
    <message>
        <source>监销人</source>
        <translation>Witness</translation>
    </message>
    <message>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>销毁记录 #{disposal}（申请 #{request}）</source>
        <translation>Disposal record #{disposal} (request #{request})</translation>
    </message>
    <message>
        <source>销毁日期：{day}</source>
        <translation>Destroyed on: {day}</translation>
    </message>
    <message>
        <source>鉴定意见：{note}</source>
        <translation>Appraisal: {note}</translation>
    </message>
    <message>
        <source>批准人：{name}</source>
        <translation>Approved by: {name}</translation>
    </message>
    <message>
        <source>监销人：{names}</source>
        <translation>Witnesses: {names}</translation>
    </message>
    <message>
        <source>病例 {case}（保管至 {until}）校验值 {sha}</source>
        <translation>Case {case} (kept until {until}) check value {sha}</translation>
    </message>
    <message>
        <source>  {table}: {rows} 行，校验值 {sha}</source>
        <translation>  {table}: {rows} rows, check value {sha}</translation>
    </message>
    <message>
        <source>  附件校验值 {sha}</source>
        <translation>  Attachment check value {sha}</translation>
    </message>
    <message>
        <source>我确认：这些病例的内容将被永久删除，仅保留销毁记录及其校验值</source>
        <translation>I confirm: the contents of these cases will be deleted for good; only the disposal record and its check values are kept</translation>
    </message>
    <message>
        <source>批准销毁 #{request}</source>
        <translation>Approve disposal #{request}</translation>
    </message>
    <message>
        <source>签名批准</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>本人密码</source>
        <translation>Your password</translation>
    </message>
    <message>
        <source>监销签名 #{request}</source>
        <translation>Witness disposal #{request}</translation>
    </message>
    <message>
        <source>监销人本人的用户名</source>
        <translation>The witness&apos;s own user name</translation>
    </message>
    <message>
        <source>监销人本人的密码</source>
        <translation>The witness&apos;s own password</translation>
    </message>
    <message>
        <source>已签监销人</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>执行销毁 #{request}</source>
        <translation>Carry out disposal #{request}</translation>
    </message>
    <message>
        <source>销毁</source>
        <translation>Destroy</translation>
    </message>
    <message>
        <source>销毁鉴定与监销</source>
        <translation>Disposal of expired archives</translation>
    </message>
    <message>
        <source>鉴定意见（必填）：为何已无继续保存价值</source>
        <translation>Appraisal note (required): why the records need not be kept</translation>
    </message>
    <message>
        <source>提出销毁</source>
        <translation>Propose</translation>
    </message>
    <message>
        <source>批准…</source>
        <translation>Approve…</translation>
    </message>
    <message>
        <source>监销签名…</source>
        <translation>Witness…</translation>
    </message>
    <message>
        <source>执行销毁…</source>
        <translation>Carry out…</translation>
    </message>
    <message>
        <source>选择已销毁的申请查看销毁记录</source>
        <translation>Select a carried-out request to see its disposal record</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>已过保管期、未保全（勾选要销毁的）</source>
        <translation>Expired, not on hold (tick those to destroy)</translation>
    </message>
    <message>
        <source>销毁申请</source>
        <translation>Disposal requests</translation>
    </message>
</context>
<context>
    <name>button</name>
    <message>
        <source>签名</source>
        <translation>Sign</translation>
    </message>
</context>
</TS>
