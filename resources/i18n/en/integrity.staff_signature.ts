<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>工作人员签名</source>
        <translation>Staff signature</translation>
    </message>
    <message>
        <source>请核对以下内容，重新输入本人密码签名。</source>
        <translation>Check what you sign, then sign with your password.</translation>
    </message>
    <message>
        <source>本人密码</source>
        <translation>Your password</translation>
    </message>
    <message>
        <source>签名含义</source>
        <translation>Meaning</translation>
    </message>
    <message>
        <source>签名人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>button</name>
    <message>
        <source>签名</source>
        <translation>Sign</translation>
    </message>
</context>
</TS>
