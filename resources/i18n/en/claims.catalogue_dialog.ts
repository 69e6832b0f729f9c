<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>生效</source>
        <translation>In force from</translation>
    </message>
    <message>
        <source>失效</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>项目数</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>文件校验值</source>
        <translation>File check value</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>收费目录</source>
        <translation>Catalogue packs</translation>
    </message>
    <message>
        <source>选择目录文件…</source>
        <translation>Choose a file…</translation>
    </message>
    <message>
        <source>CSV（UTF-8 或 GBK）或 XLSX</source>
        <translation>CSV (UTF-8 or GBK) or XLSX</translation>
    </message>
    <message>
        <source>生效日期</source>
        <translation>In force from</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已导入的目录（价格按服务日期取当日有效的最新版本）</source>
        <translation>Imported catalogues (a service is priced by the newest version in force on its date)</translation>
    </message>
    <message>
        <source>（演示）</source>
        <translation> (demo)</translation>
    </message>
    <message>
        <source>选择目录文件</source>
        <translation>Choose the catalogue file</translation>
    </message>
    <message>
        <source>目录 (*.csv *.xlsx);;所有文件 (*)</source>
        <translation>Catalogue (*.csv *.xlsx);;All files (*)</translation>
    </message>
    <message>
        <source>正在检查 {file} …</source>
        <translation>Checking {file} …</translation>
    </message>
    <message>
        <source>{file}：{count} 个项目，全部通过检查（编码 {encoding}）</source>
        <translation>{file}: all {count} items valid (encoding {encoding})</translation>
    </message>
    <message>
        <source>{file}：发现 {count} 个问题，修正文件后再导入；未导入任何内容</source>
        <translation>{file}: {count} problem(s) found; nothing was imported: fix the file and import it again</translation>
    </message>
    <message>
        <source>已导入 {count} 个项目</source>
        <translation>{count} items imported</translation>
    </message>
    <message>
        <source>已取消，未导入任何内容</source>
        <translation>Cancelled: nothing was imported</translation>
    </message>
</context>
</TS>
