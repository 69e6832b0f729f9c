<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>请确认</source>
        <translation>Please confirm</translation>
    </message>
    <message>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>{name}还有未关闭的对话框，换人登录时只能取消，其中未保存的内容会丢失（其他窗口会保留）。继续？</source>
        <translation>{name} has a dialog open that can only be cancelled when someone else signs in; its unsaved input would be lost (other windows are kept). Continue?</translation>
    </message>
    <message>
        <source>本机保留着{names}未完成的窗口，只在其本人登录后显示。</source>
        <translation>Windows of {names} are kept hidden on this PC until they sign in.</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>本机还保留着{names}的窗口，退出会丢弃其中未保存的内容。仍要退出？</source>
        <translation>Windows of {names} are kept on this PC; quitting discards their unsaved input. Quit anyway?</translation>
    </message>
</context>
</TS>
