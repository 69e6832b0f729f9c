<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>请选择病例</source>
        <translation>Choose a case</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>已封存</source>
        <translation>Sealed</translation>
    </message>
    <message>
        <source>病例已归档，不能再修改（更正须经批准）。</source>
        <translation>The case is archived: it no longer changes (corrections need approval).</translation>
    </message>
    <message>
        <source>病例已封存，不能再修改。</source>
        <translation>The case is sealed: it no longer changes.</translation>
    </message>
    <message>
        <source>核准 {start} 至 {end}</source>
        <translation>approved {start} to {end}</translation>
    </message>
    <message>
        <source>尚未核准</source>
        <translation>not yet approved</translation>
    </message>
    <message>
        <source>，已到期</source>
        <translation>, expired</translation>
    </message>
    <message>
        <source>，剩 {days} 天</source>
        <translation>, {days} days left</translation>
    </message>
    <message>
        <source>病例页面</source>
        <translation>Case pages</translation>
    </message>
</context>
<context>
    <name>tab</name>
    <message>
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>执行单</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>核准</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>方案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>处方</source>
        <translation>Prescriptions</translation>
    </message>
    <message>
        <source>评估</source>
        <translation>Assessments</translation>
    </message>
    <message>
        <source>效果评定</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>知情同意</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>出院</source>
        <translation>Discharge</translation>
    </message>
    <message>
        <source>结算</source>
        <translation>Claims</translation>
    </message>
    <message>
        <source>费用</source>
        <translation>Charges</translation>
    </message>
    <message>
        <source>申请</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>转院</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>评估与辅具</source>
        <translation>Experts &amp; devices</translation>
    </message>
</context>
</TS>
