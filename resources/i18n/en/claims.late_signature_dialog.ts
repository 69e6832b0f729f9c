<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>确认延迟签名</source>
        <translation>Acknowledge late signatures</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>说明延迟签名的原因及核对情况（记入档案，并印在结算申报封面上）</source>
        <translation>Why the signatures are late and what was checked (kept in the archive and printed on the claim cover)</translation>
    </message>
    <message>
        <source>延迟签名</source>
        <translation>Late signatures</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
</TS>
