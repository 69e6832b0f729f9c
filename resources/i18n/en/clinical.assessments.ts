<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>量表</source>
        <translation>Instrument</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>分级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>评估人</source>
        <translation>Assessor</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
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
        <source>评估人签名：所选</source>
        <translation>Assessor signs: selected</translation>
    </message>
    <message>
        <source>评估结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>保存并签名</source>
        <translation>Save and sign</translation>
    </message>
    <message>
        <source>分级标准</source>
        <translation>Grading scheme</translation>
    </message>
    <message>
        <source>新评估</source>
        <translation>New assessment</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>共 {count} 次评估；待签名 {waiting} 次</source>
        <translation>{count} assessment(s); {waiting} awaiting signature</translation>
    </message>
    <message>
        <source>（无分级）</source>
        <translation>(no grading)</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>总分 {total}&#x3000;分级 {grade}</source>
        <translation>Total {total}   Grade {grade}</translation>
    </message>
    <message>
        <source>小计 {subtotal}（{missing} 项未评）</source>
        <translation>Subtotal {subtotal} ({missing} item(s) not scored)</translation>
    </message>
    <message>
        <source>{missing} 项未评</source>
        <translation>{missing} item(s) not scored</translation>
    </message>
    <message>
        <source>未完成</source>
        <translation>Incomplete</translation>
    </message>
</context>
<context>
    <name>phase</name>
    <message>
        <source>阶段</source>
        <translation>Phase</translation>
    </message>
</context>
<context>
    <name>scheme</name>
    <message>
        <source>护理依赖程度（WS/T 431，国内 Barthel 表通用）</source>
        <translation>Nursing dependency (WS/T 431, as on Chinese Barthel forms)</translation>
    </message>
    <message>
        <source>五级分法（教科书）</source>
        <translation>Five bands (textbook)</translation>
    </message>
    <message>
        <source>昏迷程度</source>
        <translation>Depth of coma</translation>
    </message>
    <message>
        <source>跌倒风险</source>
        <translation>Fall risk</translation>
    </message>
    <message>
        <source>症状严重程度（筛查）</source>
        <translation>Symptom severity (screening)</translation>
    </message>
    <message>
        <source>工作能力分级</source>
        <translation>Work ability class</translation>
    </message>
</context>
</TS>
