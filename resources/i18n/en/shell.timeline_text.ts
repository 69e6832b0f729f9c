<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>{body}；期限 {start} 至 {end}</source>
        <translation>{body}; period {start} to {end}</translation>
    </message>
    <message>
        <source>受伤</source>
        <translation>Injury</translation>
    </message>
    <message>
        <source>工伤认定</source>
        <translation>Injury recognition</translation>
    </message>
    <message>
        <source>康复登记</source>
        <translation>Registered for rehabilitation</translation>
    </message>
    <message>
        <source>核准 {number}</source>
        <translation>Approval {number}</translation>
    </message>
    <message>
        <source>延期核准 {number}</source>
        <translation>Extension {number}</translation>
    </message>
    <message>
        <source>早期介入备案 {number}</source>
        <translation>Early-intervention filing {number}</translation>
    </message>
    <message>
        <source>入院</source>
        <translation>Admission</translation>
    </message>
    <message>
        <source>身份核验：{method}</source>
        <translation>Identity check: {method}</translation>
    </message>
    <message>
        <source>治疗方案 第{version}版</source>
        <translation>Treatment plan, version {version}</translation>
    </message>
    <message>
        <source>{start} 至 {end}；{items} 项；预计费用 ¥{cost}</source>
        <translation>{start} to {end}; {items} item(s); estimated cost ¥{cost}</translation>
    </message>
    <message>
        <source>治疗 {rows} 项次（共 {total} 次）</source>
        <translation>Treatment: {rows} session(s) ({total} in all)</translation>
    </message>
    <message>
        <source>{phase}评估 {instrument}</source>
        <translation>{phase} assessment {instrument}</translation>
    </message>
    <message>
        <source>总分 {total} {grade}</source>
        <translation>Total {total} {grade}</translation>
    </message>
    <message>
        <source>出院</source>
        <translation>Discharge</translation>
    </message>
    <message>
        <source>结束原因：{reason}</source>
        <translation>End reason: {reason}</translation>
    </message>
    <message>
        <source>处方 {item}</source>
        <translation>Prescription {item}</translation>
    </message>
    <message>
        <source>{count} 次；{frequency}</source>
        <translation>{count} session(s); {frequency}</translation>
    </message>
    <message>
        <source>请假</source>
        <translation>Leave</translation>
    </message>
    <message>
        <source>{start} 至 {end}；{why}</source>
        <translation>{start} to {end}; {why}</translation>
    </message>
    <message>
        <source>专家评估</source>
        <translation>Expert evaluation</translation>
    </message>
    <message>
        <source>{experts}：{conclusion}</source>
        <translation>{experts}: {conclusion}</translation>
    </message>
    <message>
        <source>辅助器具配置意见</source>
        <translation>Assistive device opinion</translation>
    </message>
    <message>
        <source>辅助器具备案 {number}</source>
        <translation>Assistive device filed {number}</translation>
    </message>
    <message>
        <source>配置辅助器具</source>
        <translation>Assistive device fitted</translation>
    </message>
    <message>
        <source>辅助器具调整</source>
        <translation>Assistive device adjusted</translation>
    </message>
    <message>
        <source>辅助器具使用训练</source>
        <translation>Assistive device training</translation>
    </message>
    <message>
        <source>康复价值评估</source>
        <translation>Value of rehabilitation</translation>
    </message>
    <message>
        <source>终止康复治疗通知</source>
        <translation>Notice ending the course</translation>
    </message>
    <message>
        <source>转出</source>
        <translation>Transferred out</translation>
    </message>
    <message>
        <source>转往 {institution}；{why}</source>
        <translation>To {institution}; {why}</translation>
    </message>
    <message>
        <source>转入</source>
        <translation>Transferred in</translation>
    </message>
    <message>
        <source>来自 {institution}；{why}</source>
        <translation>From {institution}; {why}</translation>
    </message>
    <message>
        <source>出院后随访</source>
        <translation>Follow-up after discharge</translation>
    </message>
    <message>
        <source>{contact}；{work}</source>
        <translation>{contact}; {work}</translation>
    </message>
</context>
</TS>
