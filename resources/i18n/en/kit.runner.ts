<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
</context>
</TS>
