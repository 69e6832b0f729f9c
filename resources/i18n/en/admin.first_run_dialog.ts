<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>至少{count}个字符</source>
        <translation>at least {count} characters</translation>
    </message>
    <message>
        <source>工伤康复档案 — 创建系统管理员</source>
        <translation>Rehabilitation archive — First administrator</translation>
    </message>
    <message>
        <source>这是一个新档案，还没有系统管理员。请创建管理员账户；其他工作人员由管理员在“用户管理”中添加。</source>
        <translation>This archive has no administrator yet. Create one; the administrator then adds the other staff under &quot;User administration&quot;.</translation>
    </message>
    <message>
        <source>再次输入</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>确认密码</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
