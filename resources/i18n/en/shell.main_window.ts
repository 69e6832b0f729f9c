<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>工伤康复档案 — {archive} — {user}</source>
        <translation>Rehabilitation archive — {archive} — {user}</translation>
    </message>
    <message>
        <source>全部病例</source>
        <translation>All cases</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>病例</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>当前用户：{name}（{role}）</source>
        <translation>Signed in: {name} ({role})</translation>
    </message>
    <message>
        <source>会话</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>切换用户</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>新建病例…</source>
        <translation>New case…</translation>
    </message>
    <message>
        <source>办理入院…</source>
        <translation>Admit…</translation>
    </message>
    <message>
        <source>管理</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>用户管理</source>
        <translation>User administration</translation>
    </message>
    <message>
        <source>审计记录</source>
        <translation>Audit history</translation>
    </message>
    <message>
        <source>收费目录</source>
        <translation>Catalogue packs</translation>
    </message>
    <message>
        <source>机构设置</source>
        <translation>Institution settings</translation>
    </message>
    <message>
        <source>疗效判定设置</source>
        <translation>Outcome judgement settings</translation>
    </message>
    <message>
        <source>结算</source>
        <translation>Claims</translation>
    </message>
    <message>
        <source>月度结算…</source>
        <translation>Monthly claims…</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>统计分析…</source>
        <translation>Statistics…</translation>
    </message>
    <message>
        <source>界面语言已设为 {language}，下次启动时生效。</source>
        <translation>The interface will be in {language} from the next start.</translation>
    </message>
    <message>
        <source>共 {count} 个病例</source>
        <translation>{count} case(s)</translation>
    </message>
    <message>
        <source>请先打开要办理入院的病例</source>
        <translation>Open the case to admit first</translation>
    </message>
    <message>
        <source>备份在命令行进行：rehab-archive backup --out 文件夹</source>
        <translation>Backups are made on the command line: rehab-archive backup --out FOLDER</translation>
    </message>
</context>
<context>
    <name>tab</name>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>病例</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>结算工作台</source>
        <translation>Claim desk</translation>
    </message>
</context>
</TS>
