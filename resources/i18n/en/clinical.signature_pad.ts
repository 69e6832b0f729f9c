<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>请在此处签名</source>
        <translation>Sign here</translation>
    </message>
    <message>
        <source>签名板</source>
        <translation>Signature pad</translation>
    </message>
</context>
</TS>
