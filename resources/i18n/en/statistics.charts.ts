<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>所选指标组没有图表</source>
        <translation>No chart for the selected group</translation>
    </message>
    <message>
        <source>趋势</source>
        <translation>trend</translation>
    </message>
    <message>
        <source>分布</source>
        <translation>distribution</translation>
    </message>
    <message>
        <source>同比</source>
        <translation>vs last year</translation>
    </message>
    <message>
        <source>{name}（{kind}）</source>
        <translation>{name} ({kind})</translation>
    </message>
    <message>
        <source>统计图</source>
        <translation>Statistics chart</translation>
    </message>
</context>
</TS>
