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
    <message>
        <source>职业康复与鉴定总结…</source>
        <translation>Vocational rehab and appraisal summary…</translation>
    </message>
    <message>
        <source>职业康复目标与结局、医师鉴定前结论、先康复后鉴定总结（PDF）</source>
        <translation>Vocational goal and outcome, the physician&apos;s conclusion before the appraisal, the rehab-first appraisal summary (PDF)</translation>
    </message>
</context>
</TS>
