<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>执业证号</source>
        <translation>Licence no.</translation>
    </message>
    <message>
        <source>上级</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>添加用户</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>{name}（{role}）</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>再次输入</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>初始密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>确认密码</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>重置密码 — {name}</source>
        <translation>Reset password — {name}</translation>
    </message>
    <message>
        <source>重置</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>用户管理</source>
        <translation>User administration</translation>
    </message>
    <message>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>停用的账户不能登录，其记录和签名保留。</source>
        <translation>Deactivated accounts cannot sign in; their records and signatures stay.</translation>
    </message>
    <message>
        <source>在职</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Deactivated</translation>
    </message>
    <message>
        <source>已设置</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>未设置</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>启用</source>
        <translation>Reactivate</translation>
    </message>
</context>
</TS>
