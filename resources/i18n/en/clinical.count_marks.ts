<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>已做 {used} 次，处方 {approved} 次：{level}</source>
        <translation>{used} done of {approved} prescribed: {level}</translation>
    </message>
</context>
</TS>
