<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>打印今日治疗单</source>
        <translation>Print today&apos;s treatment sheet</translation>
    </message>
    <message>
        <source>本治疗师今日患者、处方项目、剩余次数与患者签名栏（PDF，可打印）</source>
        <translation>This therapist&apos;s patients today, prescribed items, counts left and a column for the patient&apos;s signature (PDF, to print)</translation>
    </message>
    <message>
        <source>正在生成今日治疗单…</source>
        <translation>Building today&apos;s treatment sheet…</translation>
    </message>
</context>
</TS>
