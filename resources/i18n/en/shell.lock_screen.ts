<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>工伤康复档案 — 已锁定</source>
        <translation>Rehabilitation archive — Locked</translation>
    </message>
    <message>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>切换用户</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>工伤康复档案 — {state}</source>
        <translation>Rehabilitation archive — {state}</translation>
    </message>
    <message>
        <source>{name}（{role}）于 {time} 让出本机</source>
        <translation>{name} ({role}) handed this PC over at {time}</translation>
    </message>
    <message>
        <source>请下一位人员用自己的账户登录。
{name}的窗口和未保存内容留在本机，只在其本人再次登录后显示；{name}本人输入自己的用户名和密码即可回来。</source>
        <translation>The next person signs in with their own account.
{name}&apos;s windows and unsaved input stay on this PC and are shown only when {name} signs in again; {name} comes back by entering their own username and password.</translation>
    </message>
    <message>
        <source>{name}（{role}）于 {time} 锁定</source>
        <translation>Locked by {name} ({role}) at {time}</translation>
    </message>
    <message>
        <source>{name}：输入密码，回到锁定前的样子。
其他人员：用自己的账户登录；{name}的窗口和未保存内容留在本机，只在其本人再次登录后显示。</source>
        <translation>{name}: enter your password to carry on where you were.
Anyone else: sign in with your own account; {name}&apos;s windows and unsaved input stay on this PC and are shown only when they sign in again.</translation>
    </message>
    <message>
        <source>本机还保留着以下人员的窗口：{names}</source>
        <translation>Windows kept on this PC for: {names}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
</TS>
