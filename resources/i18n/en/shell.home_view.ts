<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>床号</source>
        <translation>Bed</translation>
    </message>
    <message>
        <source>患者</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>病例号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>频次</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <source>今日次数</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>今日待签</source>
        <translation>To sign</translation>
    </message>
    <message>
        <source>累计/处方</source>
        <translation>Done/prescribed</translation>
    </message>
    <message>
        <source>核准至</source>
        <translation>Approved to</translation>
    </message>
    <message>
        <source>我最近治疗</source>
        <translation>My last session</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>检查项与情况</source>
        <translation>Check and finding</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>核准期限</source>
        <translation>Approved period</translation>
    </message>
    <message>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>级别：</source>
        <translation>Level:</translation>
    </message>
    <message>
        <source>紧急：今天就要处理（期限已过、次数已用完）；注意：近期到期或缺签名、缺评估；提示：提前安排（随访、归档、14 天后到期）</source>
        <translation>Urgent: to handle today (a period over, a count used up); Warning: due soon, or a signature or assessment missing; Notice: to plan ahead (follow-ups, archiving, ends in 14 days)</translation>
    </message>
    <message>
        <source>查找患者：身份证号 / 姓名 / 拼音首字母 / 病例号  (Ctrl+F)</source>
        <translation>Find a patient: ID number / name / pinyin initials / case number  (Ctrl+F)</translation>
    </message>
    <message>
        <source>我的患者的提醒</source>
        <translation>Alerts of my patients</translation>
    </message>
    <message>
        <source>评估与方案待办</source>
        <translation>Assessments and plans due</translation>
    </message>
    <message>
        <source>结算待办</source>
        <translation>Claim tasks</translation>
    </message>
    <message>
        <source>系统状况</source>
        <translation>System health</translation>
    </message>
    <message>
        <source>今日治疗</source>
        <translation>Today&apos;s sessions</translation>
    </message>
    <message>
        <source>治疗师：</source>
        <translation>Therapist:</translation>
    </message>
    <message>
        <source>我的患者</source>
        <translation>My patients</translation>
    </message>
    <message>
        <source>{items} 项；今日待患者签名 {waiting} 条</source>
        <translation>{items} items; {waiting} awaiting the patient&apos;s signature today</translation>
    </message>
    <message>
        <source>找到 {count} 个病例</source>
        <translation>{count} case(s) found</translation>
    </message>
    <message>
        <source>没有找到匹配的病例</source>
        <translation>No matching case</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
</context>
</TS>
