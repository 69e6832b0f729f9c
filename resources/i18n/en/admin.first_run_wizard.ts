<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>本机档案（一台电脑使用）</source>
        <translation>Embedded archive on this PC (one computer)</translation>
    </message>
    <message>
        <source>PostgreSQL 服务器（多台电脑共用一个档案）</source>
        <translation>PostgreSQL server (several PCs share one archive)</translation>
    </message>
    <message>
        <source>例如 {example}</source>
        <translation>e.g. {example}</translation>
    </message>
    <message>
        <source>服务器用户的密码</source>
        <translation>the server user&apos;s password</translation>
    </message>
    <message>
        <source>服务器</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>端口</source>
        <translation>Port</translation>
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
        <source>档案保存在哪里？单机使用选“本机档案”；病区多台电脑共用一个档案时选 PostgreSQL 服务器，点“下一步”时会测试连接。</source>
        <translation>Where is the archive kept? For one PC choose &quot;Embedded archive&quot;; when several PCs of the ward share one archive choose the PostgreSQL server: the connection is tested when you click &quot;Next&quot;.</translation>
    </message>
    <message>
        <source>机构</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>工伤康复服务协议编号</source>
        <translation>number of the rehabilitation service agreement</translation>
    </message>
    <message>
        <source>统筹地区，如 泸州市</source>
        <translation>pooling region, e.g. Luzhou</translation>
    </message>
    <message>
        <source>本机构适用哪个地区的工伤康复办法（另加全国基线）；以后只能由管理员说明原因后更改</source>
        <translation>Which region&apos;s work-injury rehab rules the institution works under (plus the national baseline); later only an administrator can change it, with a reason</translation>
    </message>
    <message>
        <source>机构名称</source>
        <translation>Institution name</translation>
    </message>
    <message>
        <source>协议编号</source>
        <translation>Agreement no.</translation>
    </message>
    <message>
        <source>统筹地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>适用地区规则</source>
        <translation>Region&apos;s rules</translation>
    </message>
    <message>
        <source>工伤康复协议机构的名称、协议编号和统筹地区（以后可在“管理 → 机构设置”中修改）。</source>
        <translation>The name, agreement number and region of the institution under its rehabilitation agreement (editable later under &quot;Administration → Institution settings&quot;).</translation>
    </message>
    <message>
        <source>系统管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>再次输入</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>确认密码</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>系统管理员添加其他工作人员的账户。</source>
        <translation>The administrator adds the other staff&apos;s accounts.</translation>
    </message>
    <message>
        <source>数据库：{label}</source>
        <translation>Database: {label}</translation>
    </message>
    <message>
        <source>使用已有档案：{institution}</source>
        <translation>Existing archive: {institution}</translation>
    </message>
    <message>
        <source>机构：{name}（{region}） {agreement}</source>
        <translation>Institution: {name} ({region}) {agreement}</translation>
    </message>
    <message>
        <source>适用规则：{rules}</source>
        <translation>Rules: {rules}</translation>
    </message>
    <message>
        <source>系统管理员：{username} {name}</source>
        <translation>Administrator: {username} {name}</translation>
    </message>
    <message>
        <source>演示档案：生成（培训用，独立文件）</source>
        <translation>Demo archive: create (for training, a separate file)</translation>
    </message>
    <message>
        <source>演示档案：不生成</source>
        <translation>Demo archive: no</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>同时生成演示档案，供培训使用（独立文件，不影响正式档案；用 rehab-desktop --demo 打开）</source>
        <translation>Also create the demo archive for training (a separate file that leaves the real archive alone; open it with rehab-desktop --demo)</translation>
    </message>
    <message>
        <source>点“完成”后创建：</source>
        <translation>&quot;Finish&quot; creates:</translation>
    </message>
    <message>
        <source>正在创建档案…</source>
        <translation>Creating the archive…</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>工伤康复档案 — 首次使用</source>
        <translation>Rehabilitation archive — First run</translation>
    </message>
    <message>
        <source>&lt; 上一步</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>下一步 &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
