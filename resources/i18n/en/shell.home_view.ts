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
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Alerts</translation>
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
        <source>查找患者：身份证号 / 姓名 / 拼音首字母 / 病例号  (Ctrl+F)</source>
        <translation>Find a patient: ID number / name / pinyin initials / case number  (Ctrl+F)</translation>
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
