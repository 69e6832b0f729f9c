<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>位置</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>导入费用</source>
        <translation>Import charges</translation>
    </message>
    <message>
        <source>HIS 导出的 CSV（UTF-8 或 GBK）或 XLSX 文件</source>
        <translation>A CSV (UTF-8 or GBK) or XLSX file exported by the HIS</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>有任何一行错误时，整个文件都不导入。</source>
        <translation>If any row is wrong, nothing in the file is imported.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>选择费用文件</source>
        <translation>Choose a charges file</translation>
    </message>
    <message>
        <source>费用文件 (*.csv *.txt *.xlsx)</source>
        <translation>Charge files (*.csv *.txt *.xlsx)</translation>
    </message>
    <message>
        <source>请选择一个存在的文件。</source>
        <translation>Choose a file that exists.</translation>
    </message>
    <message>
        <source>无法读取文件：{error}</source>
        <translation>Cannot read the file: {error}</translation>
    </message>
    <message>
        <source>已导入 {count} 笔费用。请录入人签名确认。</source>
        <translation>{count} charge(s) imported. The person who entered them signs them off next.</translation>
    </message>
    <message>
        <source>未导入任何费用：{count} 处错误，请修改文件后重新导入。</source>
        <translation>Nothing imported: {count} problem(s). Fix the file and import it again.</translation>
    </message>
</context>
</TS>
