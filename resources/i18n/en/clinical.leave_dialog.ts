<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>登记请假</source>
        <translation>Record leave</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>{start} 至 {end}（{days} 天）：{reason}</source>
        <translation>{start} to {end} ({days} days): {reason}</translation>
    </message>
    <message>
        <source>尚无请假记录。</source>
        <translation>No leave recorded yet.</translation>
    </message>
    <message>
        <source>如 回家处理家事</source>
        <translation>e.g. family matters at home</translation>
    </message>
    <message>
        <source>已登记</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <source>请假自</source>
        <translation>Leave from</translation>
    </message>
    <message>
        <source>请假至</source>
        <translation>Leave to</translation>
    </message>
    <message>
        <source>请假原因</source>
        <translation>Reason</translation>
    </message>
</context>
</TS>
