<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>请输入用户名。</source>
        <translation>Enter your username.</translation>
    </message>
    <message>
        <source>工伤康复档案 — 登录</source>
        <translation>Rehabilitation archive — Sign in</translation>
    </message>
    <message>
        <source>工伤康复档案</source>
        <translation>Rehabilitation archive</translation>
    </message>
    <message>
        <source>请使用本人账户登录</source>
        <translation>Sign in with your own account</translation>
    </message>
    <message>
        <source>正在打开档案…</source>
        <translation>Opening the archive…</translation>
    </message>
</context>
</TS>
