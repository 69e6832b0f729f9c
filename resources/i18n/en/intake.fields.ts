<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <source>扫描件 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</source>
        <translation>Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</translation>
    </message>
    <message>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>格式</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>18位居民身份证号</source>
        <translation>18-digit resident ID number</translation>
    </message>
    <message>
        <source>✓ 性别：{sex}&#x3000;出生日期：{birth_date}（{age}岁）&#x3000;地区：{province}</source>
        <translation>✓ Sex: {sex}   Born: {birth_date} (age {age})   Region: {province}</translation>
    </message>
    <message>
        <source>已输入 {typed}/18 位；性别与出生日期由身份证号得出</source>
        <translation>{typed}/18 digits typed; sex and birth date come from the ID number</translation>
    </message>
    <message>
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>材料类型</source>
        <translation>Material type</translation>
    </message>
    <message>
        <source>选择扫描件</source>
        <translation>Choose scans</translation>
    </message>
    <message>
        <source>无法读取“{name}”：{reason}</source>
        <translation>Cannot read &quot;{name}&quot;: {reason}</translation>
    </message>
</context>
</TS>
