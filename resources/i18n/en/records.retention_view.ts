<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>一年内到期</source>
        <translation>Due within a year</translation>
    </message>
    <message>
        <source>法律保全</source>
        <translation>Legal hold</translation>
    </message>
    <message>
        <source>已过保管期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>保管中</source>
        <translation>Retained</translation>
    </message>
    <message>
        <source>已销毁</source>
        <translation>Destroyed</translation>
    </message>
    <message>
        <source>住院康复</source>
        <translation>Inpatient rehabilitation</translation>
    </message>
    <message>
        <source>门诊康复</source>
        <translation>Outpatient rehabilitation</translation>
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
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>保管起</source>
        <translation>Kept from</translation>
    </message>
    <message>
        <source>保管至</source>
        <translation>Kept until</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>保全原因</source>
        <translation>Hold reason</translation>
    </message>
    <message>
        <source>设置法律保全 — {case}</source>
        <translation>Place a legal hold — {case}</translation>
    </message>
    <message>
        <source>解除法律保全 — {case}</source>
        <translation>Lift the legal hold — {case}</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>必填：如诉讼、仲裁、审计</source>
        <translation>Required: e.g. litigation, arbitration, audit</translation>
    </message>
    <message>
        <source>病例</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>延长保管期限 — {case}</source>
        <translation>Extend retention — {case}</translation>
    </message>
    <message>
        <source>延长</source>
        <translation>Extend</translation>
    </message>
    <message>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>现保管至</source>
        <translation>Now until</translation>
    </message>
    <message>
        <source>延长至</source>
        <translation>Extend to</translation>
    </message>
    <message>
        <source>封存病例 — {case}</source>
        <translation>Seal the case — {case}</translation>
    </message>
    <message>
        <source>封存</source>
        <translation>Seal</translation>
    </message>
    <message>
        <source>必填：如医疗纠纷</source>
        <translation>Required: e.g. a dispute</translation>
    </message>
    <message>
        <source>我确认：封存后任何人不得修改，且不可撤销</source>
        <translation>I understand: nobody can change a sealed case; it cannot be undone</translation>
    </message>
    <message>
        <source>保管与销毁</source>
        <translation>Retention and disposal</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>法律保全…</source>
        <translation>Legal hold…</translation>
    </message>
    <message>
        <source>延长保管期限…</source>
        <translation>Extend…</translation>
    </message>
    <message>
        <source>封存…</source>
        <translation>Seal…</translation>
    </message>
    <message>
        <source>销毁鉴定…</source>
        <translation>Disposal…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>共 {count} 项</source>
        <translation>{count} item(s)</translation>
    </message>
    <message>
        <source>解除保全…</source>
        <translation>Lift hold…</translation>
    </message>
</context>
</TS>
