<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>待核准</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <source>已核准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>康复中</source>
        <translation>In rehabilitation</translation>
    </message>
    <message>
        <source>已出院</source>
        <translation>Discharged</translation>
    </message>
    <message>
        <source>急性期</source>
        <translation>Acute</translation>
    </message>
    <message>
        <source>稳定期</source>
        <translation>Stable</translation>
    </message>
    <message>
        <source>维持期</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>旧伤复发</source>
        <translation>Relapse</translation>
    </message>
    <message>
        <source>早期介入</source>
        <translation>Early intervention</translation>
    </message>
    <message>
        <source>中医/蒙医</source>
        <translation>TCM / Mongolian medicine</translation>
    </message>
    <message>
        <source>心理康复</source>
        <translation>Psychological rehabilitation</translation>
    </message>
    <message>
        <source>辅助器具配置</source>
        <translation>Assistive devices</translation>
    </message>
    <message>
        <source>职业康复</source>
        <translation>Vocational rehabilitation</translation>
    </message>
    <message>
        <source>先康复后鉴定</source>
        <translation>Rehabilitation before appraisal</translation>
    </message>
    <message>
        <source>住院</source>
        <translation>Inpatient</translation>
    </message>
    <message>
        <source>门诊</source>
        <translation>Outpatient</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>居家</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>工伤</source>
        <translation>Injury</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Registration</translation>
    </message>
    <message>
        <source>核准</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>入院</source>
        <translation>Admission</translation>
    </message>
    <message>
        <source>方案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>治疗</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>评估</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>出院</source>
        <translation>Discharge</translation>
    </message>
    <message>
        <source>处方</source>
        <translation>Prescription</translation>
    </message>
    <message>
        <source>请假</source>
        <translation>Leave</translation>
    </message>
    <message>
        <source>专家评估</source>
        <translation>Expert evaluation</translation>
    </message>
    <message>
        <source>辅助器具</source>
        <translation>Assistive device</translation>
    </message>
    <message>
        <source>价值评估</source>
        <translation>Value report</translation>
    </message>
    <message>
        <source>终止通知</source>
        <translation>Notice ending the course</translation>
    </message>
    <message>
        <source>转院</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>随访</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>无进一步康复效果</source>
        <translation>No further benefit</translation>
    </message>
    <message>
        <source>不配合治疗</source>
        <translation>Non-cooperation</translation>
    </message>
    <message>
        <source>转出</source>
        <translation>Transferred out</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>康复计划完成</source>
        <translation>Plan completed</translation>
    </message>
    <message>
        <source>死亡</source>
        <translation>Death</translation>
    </message>
</context>
<context>
    <name>phase</name>
    <message>
        <source>康复前</source>
        <translation>Pre</translation>
    </message>
    <message>
        <source>康复中</source>
        <translation>Mid</translation>
    </message>
    <message>
        <source>康复后</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
</context>
</TS>
