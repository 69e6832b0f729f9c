<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>新增</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>查阅档案</source>
        <translation>Open the record</translation>
    </message>
    <message>
        <source>拒绝</source>
        <translation>Denied</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>登录失败</source>
        <translation>Sign-in failed</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>销毁</source>
        <translation>Destroy</translation>
    </message>
    <message>
        <source>延长保管期限</source>
        <translation>Extend retention</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>By</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>修改内容：</source>
        <translation>Changes:</translation>
    </message>
    <message>
        <source>新增内容：</source>
        <translation>Created:</translation>
    </message>
    <message>
        <source>删除前内容：</source>
        <translation>Deleted:</translation>
    </message>
    <message>
        <source>审计记录</source>
        <translation>Audit history</translation>
    </message>
    <message>
        <source>选择一条记录查看详情（修改前后的值）</source>
        <translation>Select an event to see its details (old and new values)</translation>
    </message>
</context>
</TS>
