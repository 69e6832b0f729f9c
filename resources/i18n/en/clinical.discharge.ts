<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>病例 {case}&#x3000;{patient}&#x3000;{status}</source>
        <translation>Case {case}   {patient}   {status}</translation>
    </message>
    <message>
        <source>&#x3000;出院 {day}（{reason}）</source>
        <translation>   discharged {day} ({reason})</translation>
    </message>
    <message>
        <source>&#x3000;已归档，保管至 {day}</source>
        <translation>   archived, kept until {day}</translation>
    </message>
    <message>
        <source>缺少康复后评估：出院时会提示，结算前须补齐。</source>
        <translation>No post-rehabilitation assessment yet: the discharge will warn, and it is needed before the claim.</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>（{state}）</source>
        <translation> ({state})</translation>
    </message>
    <message>
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>待签名</source>
        <translation>Awaiting signature</translation>
    </message>
    <message>
        <source>{phase}评估 {count} 次：{shown}</source>
        <translation>{phase} assessments ({count}): {shown}</translation>
    </message>
    <message>
        <source>须书面通知职工终止康复治疗。</source>
        <translation>The worker must be told in writing that treatment ends. </translation>
    </message>
    <message>
        <source>（依据：{basis}）</source>
        <translation> (basis: {basis})</translation>
    </message>
    <message>
        <source>&#x3000;去向：{destination}&#x3000;就业状况：{work}</source>
        <translation>   destination: {destination}   work status: {work}</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>办理出院</source>
        <translation>Discharge</translation>
    </message>
    <message>
        <source>出院后，全部记录签名完毕方可归档；归档后记录锁定，只能经批准更正。</source>
        <translation>Archive after discharge, once every record is signed; archived records are locked and corrected only with approval.</translation>
    </message>
    <message>
        <source>归档…</source>
        <translation>Archive…</translation>
    </message>
    <message>
        <source>出院后 3、6、12 个月随访职工的就业状况。</source>
        <translation>The worker&apos;s work status is followed up 3, 6 and 12 months after discharge.</translation>
    </message>
    <message>
        <source>出院随访…</source>
        <translation>Follow-up…</translation>
    </message>
    <message>
        <source>不配合治疗或拒不出院时，书面通知职工终止康复治疗。</source>
        <translation>For non-cooperation or a refusal to leave, notify the worker in writing that the course ends.</translation>
    </message>
    <message>
        <source>终止康复书面通知…</source>
        <translation>End-of-course notice…</translation>
    </message>
    <message>
        <source>出院前检查</source>
        <translation>Before discharge</translation>
    </message>
    <message>
        <source>结束原因</source>
        <translation>Reason for ending</translation>
    </message>
    <message>
        <source>出院去向</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>就业状况</source>
        <translation>Work status</translation>
    </message>
    <message>
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>出院日期</source>
        <translation>Discharge date</translation>
    </message>
    <message>
        <source>出院记录</source>
        <translation>Discharge record</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>出院随访</source>
        <translation>Follow-up after discharge</translation>
    </message>
    <message>
        <source>最近的评估显示无进一步康复治疗效果，可按程序结束康复治疗，结束原因选“无进一步康复效果”。</source>
        <translation>The latest assessments show no further benefit: the course may be ended by procedure, with the reason &quot;No further benefit&quot;.</translation>
    </message>
    <message>
        <source>待签名记录 {count} 项（归档前须全部签名）</source>
        <translation>{count} record(s) awaiting signature (all must be signed before archiving)</translation>
    </message>
    <message>
        <source>没有待签名的记录。</source>
        <translation>Nothing awaits a signature.</translation>
    </message>
    <message>
        <source>病例已归档，出院记录不能再修改，只能经批准更正。</source>
        <translation>The case is archived: the discharge record no longer changes, except by an approved correction.</translation>
    </message>
    <message>
        <source>病例已封存，出院记录不能再修改。</source>
        <translation>The case is sealed: the discharge record no longer changes.</translation>
    </message>
    <message>
        <source>已办理出院。</source>
        <translation>Discharged.</translation>
    </message>
    <message>
        <source>归档病例 {case}（{patient}）？
归档后记录锁定，保管不少于30年，只能经批准更正。</source>
        <translation>Archive case {case} ({patient})?
Its records are then locked, kept for at least 30 years and corrected only with approval.</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已归档，保管至 {day}。</source>
        <translation>Archived, kept until {day}.</translation>
    </message>
</context>
</TS>
