<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>身份核验</source>
        <translation>Identity check</translation>
    </message>
    <message>
        <source>请核对证件原件，重新录入身份证号</source>
        <translation>Check the original document and type the ID number again</translation>
    </message>
    <message>
        <source>将身份证放在读卡器上，号码自动填入</source>
        <translation>Place the ID card on the reader: the number is filled in</translation>
    </message>
    <message>
        <source>刷社会保障卡，或按卡面录入社会保障号码（即身份证号）</source>
        <translation>Swipe the social security card, or type its number (the ID number)</translation>
    </message>
    <message>
        <source>人工核对证件</source>
        <translation>Document checked by hand</translation>
    </message>
    <message>
        <source>身份证读卡器</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <source>社会保障卡</source>
        <translation>Social security card</translation>
    </message>
    <message>
        <source>办理入院 · 身份核验</source>
        <translation>Admission · identity check</translation>
    </message>
    <message>
        <source>核验并入院</source>
        <translation>Check and admit</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>无（未核准）</source>
        <translation>none (not approved)</translation>
    </message>
    <message>
        <source>&lt;b&gt;{patient}&lt;/b&gt;&#x3000;{case_number}&#x3000;登记身份证号 {resident_id}</source>
        <translation>&lt;b&gt;{patient}&lt;/b&gt;   {case_number}   registered ID number {resident_id}</translation>
    </message>
    <message>
        <source>{status}&#x3000;{setting}&#x3000;核准期限：{periods}</source>
        <translation>{status}   {setting}   approved period: {periods}</translation>
    </message>
    <message>
        <source>如 3-12（门诊可空）</source>
        <translation>e.g. 3-12 (empty for outpatients)</translation>
    </message>
    <message>
        <source>患者</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>核验方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>身份证号 *</source>
        <translation>ID number *</translation>
    </message>
    <message>
        <source>床号</source>
        <translation>Bed</translation>
    </message>
    <message>
        <source>入院日期 *</source>
        <translation>Admission date *</translation>
    </message>
    <message>
        <source>入院日期</source>
        <translation>Admission date</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>身份核验未通过，未办理入院。请核对证件，确认是本人。</source>
        <translation>The identity check failed: not admitted. Check the document and make sure it is the patient in person.</translation>
    </message>
</context>
</TS>
