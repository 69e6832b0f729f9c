<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>尚无可绘制的总分</source>
        <translation>No totals to chart</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>评估日期（{years}年）</source>
        <translation>Assessment date ({years})</translation>
    </message>
    <message>
        <source>评估总分变化图</source>
        <translation>Scores over time</translation>
    </message>
</context>
</TS>
