<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>回家休养</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>返回工作岗位</source>
        <translation>Back to work</translation>
    </message>
    <message>
        <source>转其他医疗/康复机构</source>
        <translation>Another hospital or rehabilitation institution</translation>
    </message>
    <message>
        <source>转养护机构</source>
        <translation>Care facility</translation>
    </message>
    <message>
        <source>死亡</source>
        <translation>Death</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>原单位原岗位</source>
        <translation>Same job, same employer</translation>
    </message>
    <message>
        <source>原单位其他岗位</source>
        <translation>Other job, same employer</translation>
    </message>
    <message>
        <source>其他单位就业</source>
        <translation>Works for another employer</translation>
    </message>
    <message>
        <source>未就业</source>
        <translation>Not working</translation>
    </message>
    <message>
        <source>职业培训中</source>
        <translation>In vocational training</translation>
    </message>
    <message>
        <source>不详</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>上门/来院</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>信函</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>随访节点</source>
        <translation>Milestone</translation>
    </message>
    <message>
        <source>应随访日期</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>随访日期</source>
        <translation>Contacted on</translation>
    </message>
    <message>
        <source>随访方式</source>
        <translation>Method</translation>
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
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>请选择</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>未调查</source>
        <translation>Not asked</translation>
    </message>
    <message>
        <source>{months} 个月</source>
        <translation>{months} months</translation>
    </message>
    <message>
        <source>出院随访</source>
        <translation>Follow-up after discharge</translation>
    </message>
    <message>
        <source>保存随访</source>
        <translation>Save follow-up</translation>
    </message>
    <message>
        <source>录入随访（更正即再录一次，以最新一次为准）</source>
        <translation>Record a follow-up (to correct one, record it again: the latest counts)</translation>
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
        <source>&#x3000;出院 {day}&#x3000;去向：{destination}&#x3000;出院时就业状况：{work}</source>
        <translation>   discharged {day}   destination: {destination}   work status at discharge: {work}</translation>
    </message>
    <message>
        <source>未随访</source>
        <translation>Not followed up</translation>
    </message>
    <message>
        <source>（已更正 {count} 次）</source>
        <translation>(corrected {count} time(s))</translation>
    </message>
    <message>
        <source>已保存随访。</source>
        <translation>Follow-up saved.</translation>
    </message>
</context>
</TS>
