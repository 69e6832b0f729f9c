<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>治疗时长（分钟），不填为 —</source>
        <translation>Minutes treated; — when not noted</translation>
    </message>
    <message>
        <source>强度</source>
        <translation>Intensity</translation>
    </message>
    <message>
        <source>部位</source>
        <translation>Body part</translation>
    </message>
    <message>
        <source>反应：未填</source>
        <translation>Reaction: not noted</translation>
    </message>
    <message>
        <source>反应说明</source>
        <translation>Note on the reaction</translation>
    </message>
    <message>
        <source>记录多项：{patient}</source>
        <translation>Record several: {patient}</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>已做/处方</source>
        <translation>Done/prescribed</translation>
    </message>
    <message>
        <source>次数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>时长</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>反应</source>
        <translation>Reaction</translation>
    </message>
    <message>
        <source>超出限次或开放时间的原因（该次不由工伤保险基金支付）</source>
        <translation>Why beyond a limit or the opening hours (not billed to the work-injury fund)</translation>
    </message>
    <message>
        <source>记录所选</source>
        <translation>Record the ticked</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>勾选今日实施的项目；各项按时长依次排列，全部记录或全不记录。</source>
        <translation>Tick the items done today; they are laid one after another by their minutes, and all are recorded or none.</translation>
    </message>
    <message>
        <source>请至少勾选一个项目。</source>
        <translation>Tick at least one item.</translation>
    </message>
</context>
</TS>
