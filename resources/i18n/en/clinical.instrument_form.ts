<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>{code}（不能检查）</source>
        <translation>{code} (not testable)</translation>
    </message>
    <message>
        <source>（选填）</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <source>或：{item}</source>
        <translation>or: {item}</translation>
    </message>
    <message>
        <source>部位 / 肌群（如：右股四头肌）</source>
        <translation>Site / muscle group (e.g. right quadriceps)</translation>
    </message>
    <message>
        <source>分级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>增加一行</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>部位或肌群</source>
        <translation>muscle or joint</translation>
    </message>
</context>
</TS>
