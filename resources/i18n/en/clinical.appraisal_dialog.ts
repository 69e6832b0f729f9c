<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>重返原岗位</source>
        <translation>Back to the same job</translation>
    </message>
    <message>
        <source>原单位调整/适配岗位</source>
        <translation>Adapted job at the same employer</translation>
    </message>
    <message>
        <source>转换工作（其他单位就业）</source>
        <translation>Another job (another employer)</translation>
    </message>
    <message>
        <source>接受职业培训</source>
        <translation>Vocational training</translation>
    </message>
    <message>
        <source>伤情相对稳定，可以申请劳动能力鉴定</source>
        <translation>Injury relatively stable: ready for the work-capacity appraisal</translation>
    </message>
    <message>
        <source>伤情尚未稳定，暂不宜鉴定</source>
        <translation>Injury not yet stable: not ready for the appraisal</translation>
    </message>
    <message>
        <source>职业康复与先康复后鉴定</source>
        <translation>Vocational rehab and rehab-first appraisal</translation>
    </message>
    <message>
        <source>保存目标</source>
        <translation>Save the goal</translation>
    </message>
    <message>
        <source>岗位、单位</source>
        <translation>Job, employer</translation>
    </message>
    <message>
        <source>保存结局</source>
        <translation>Save the outcome</translation>
    </message>
    <message>
        <source>职业康复目标与结局</source>
        <translation>Vocational goal and outcome</translation>
    </message>
    <message>
        <source>职业康复目标</source>
        <translation>Vocational goal</translation>
    </message>
    <message>
        <source>职业康复结局</source>
        <translation>Vocational outcome</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>功能状况、伤情是否稳定</source>
        <translation>Function, whether the injury is stable</translation>
    </message>
    <message>
        <source>医师本人密码</source>
        <translation>The physician&apos;s own password</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>确认结论</source>
        <translation>Confirm the conclusion</translation>
    </message>
    <message>
        <source>医师鉴定前结论</source>
        <translation>Physician&apos;s conclusion before the appraisal</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>结论说明</source>
        <translation>Reasoning</translation>
    </message>
    <message>
        <source>出具总结（PDF）</source>
        <translation>Issue the summary (PDF)</translation>
    </message>
    <message>
        <source>先康复后鉴定工伤康复总结，报送劳动能力鉴定委员会</source>
        <translation>The rehab-first summary of the course, for the work-capacity appraisal committee</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>病例 {case}&#x3000;{patient}</source>
        <translation>Case {case}   {patient}</translation>
    </message>
    <message>
        <source>目标：{goal}（{day}）</source>
        <translation>Goal: {goal} ({day})</translation>
    </message>
    <message>
        <source>结局：{outcome}（{day}）</source>
        <translation>Outcome: {outcome} ({day})</translation>
    </message>
    <message>
        <source>医师结论：{conclusion}（{physician}）</source>
        <translation>Physician&apos;s conclusion: {conclusion} ({physician})</translation>
    </message>
    <message>
        <source>医师尚未作出鉴定前结论。</source>
        <translation>The physician has not concluded yet.</translation>
    </message>
    <message>
        <source>依据：{basis}</source>
        <translation>Basis: {basis}</translation>
    </message>
    <message>
        <source>已保存职业康复目标。</source>
        <translation>Vocational goal saved.</translation>
    </message>
    <message>
        <source>已保存职业康复结局。</source>
        <translation>Vocational outcome saved.</translation>
    </message>
    <message>
        <source>已确认医师结论。</source>
        <translation>Conclusion confirmed.</translation>
    </message>
    <message>
        <source>已出具先康复后鉴定总结。</source>
        <translation>Rehab-first summary issued.</translation>
    </message>
</context>
</TS>
