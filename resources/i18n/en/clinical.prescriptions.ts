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
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>次数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>频次</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <source>已做/处方</source>
        <translation>Done/prescribed</translation>
    </message>
    <message>
        <source>参数</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>治疗师</source>
        <translation>Therapist</translation>
    </message>
    <message>
        <source>医师</source>
        <translation>Physician</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>已更正</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <source>待医师签名</source>
        <translation>Awaiting the physician&apos;s signature</translation>
    </message>
    <message>
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>如：每日1次</source>
        <translation>e.g. once a day</translation>
    </message>
    <message>
        <source>强度、时长、部位等</source>
        <translation>intensity, duration, site…</translation>
    </message>
    <message>
        <source>开具并签名</source>
        <translation>Prescribe &amp;&amp; sign</translation>
    </message>
    <message>
        <source>医师签名：所选处方</source>
        <translation>Physician signs: selected prescriptions</translation>
    </message>
    <message>
        <source>处方项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>治疗参数</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>{item}（方案 {frequency}，共 {count} 次）</source>
        <translation>{item} (plan: {frequency}, {count} in all)</translation>
    </message>
    <message>
        <source>（无治疗方案）</source>
        <translation>(no treatment plan yet)</translation>
    </message>
    <message>
        <source>（暂不指定）</source>
        <translation>(not assigned yet)</translation>
    </message>
    <message>
        <source>第{version}版方案</source>
        <translation>plan version {version}</translation>
    </message>
    <message>
        <source>尚无治疗方案</source>
        <translation>no treatment plan yet</translation>
    </message>
    <message>
        <source>患者 {patient}&#x3000;{plan}&#x3000;共 {count} 张处方；待医师签名 {waiting} 张</source>
        <translation>Patient {patient}   {plan}   {count} prescription(s); {waiting} awaiting the physician&apos;s signature</translation>
    </message>
    <message>
        <source>请先制定治疗方案，处方项目须来自当前方案。</source>
        <translation>Write the treatment plan first: prescriptions take the items of the current plan.</translation>
    </message>
</context>
</TS>
