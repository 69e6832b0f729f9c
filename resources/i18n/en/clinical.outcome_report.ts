<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>量表</source>
        <translation>Instrument</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>分级变化</source>
        <translation>Grade change</translation>
    </message>
    <message>
        <source>判断</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>评估结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>康复效果评定报告</source>
        <translation>Outcome report</translation>
    </message>
    <message>
        <source>尚无评估。</source>
        <translation>No assessments yet.</translation>
    </message>
</context>
</TS>
