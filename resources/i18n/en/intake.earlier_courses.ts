<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>病例号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>入院 – 出院</source>
        <translation>Admitted – discharged</translation>
    </message>
    <message>
        <source>结束原因</source>
        <translation>Reason for ending</translation>
    </message>
    <message>
        <source>重返工作</source>
        <translation>Return to work</translation>
    </message>
    <message>
        <source>已用/核准次数</source>
        <translation>Used/approved sessions</translation>
    </message>
    <message>
        <source>旧伤复发</source>
        <translation>Relapse</translation>
    </message>
    <message>
        <source>再次申请康复</source>
        <translation>Repeat application</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>未入院（登记于 {day}）</source>
        <translation>Not admitted (registered {day})</translation>
    </message>
    <message>
        <source>在治</source>
        <translation>in treatment</translation>
    </message>
    <message>
        <source>本工伤的前次疗程（{count} 次）</source>
        <translation>Earlier courses of this injury ({count})</translation>
    </message>
    <message>
        <source>（{reason}）</source>
        <translation> ({reason})</translation>
    </message>
</context>
</TS>
