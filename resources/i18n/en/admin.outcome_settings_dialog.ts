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
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>分值范围</source>
        <translation>Range</translation>
    </message>
    <message>
        <source>默认</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>本机构</source>
        <translation>This institution</translation>
    </message>
    <message>
        <source>疗效判定设置</source>
        <translation>Outcome judgement settings</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>总分变化小于最小差值视为无进一步康复效果；0 为默认（分值范围的 5%）。</source>
        <translation>A change in the total smaller than the minimal difference counts as no further benefit; 0 means the default (5 % of the range).</translation>
    </message>
</context>
</TS>
