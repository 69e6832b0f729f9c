<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>档案</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>保管与销毁…</source>
        <translation>Retention &amp; disposal…</translation>
    </message>
    <message>
        <source>校验档案…</source>
        <translation>Verify archive…</translation>
    </message>
    <message>
        <source>更正记录…</source>
        <translation>Correct a record…</translation>
    </message>
    <message>
        <source>本病例审计记录</source>
        <translation>Audit history of this case</translation>
    </message>
    <message>
        <source>导出病例档案…</source>
        <translation>Export the case&apos;s archive…</translation>
    </message>
</context>
</TS>
