<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>次数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>治疗师</source>
        <translation>Therapist</translation>
    </message>
    <message>
        <source>患者签名</source>
        <translation>Patient&apos;s signature</translation>
    </message>
    <message>
        <source>实施人签名</source>
        <translation>Therapist&apos;s signature</translation>
    </message>
    <message>
        <source>已被更正版本取代</source>
        <translation>Replaced by a correction</translation>
    </message>
    <message>
        <source>（超核准次数）</source>
        <translation> (over the approved count)</translation>
    </message>
    <message>
        <source>已更正</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <source>待签名</source>
        <translation>Awaiting signature</translation>
    </message>
    <message>
        <source>记录多项…</source>
        <translation>Record several…</translation>
    </message>
    <message>
        <source>同一患者的多个处方项目一次记录（全部记录或全不记录）</source>
        <translation>Record several prescribed items for one patient in one step (all or none)</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>记录时签名</source>
        <translation>Sign when recording</translation>
    </message>
    <message>
        <source>实施人以本人密码签署所记录的治疗</source>
        <translation>The therapist who performed the session signs it with their own password</translation>
    </message>
    <message>
        <source>本人密码</source>
        <translation>Your password</translation>
    </message>
    <message>
        <source>请假…</source>
        <translation>Leave…</translation>
    </message>
    <message>
        <source>实施人签名：今日本人</source>
        <translation>Sign my sessions today</translation>
    </message>
    <message>
        <source>参数</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>{item}（{frequency}，已做/处方 {counts}）</source>
        <translation>{item} ({frequency}, done/prescribed {counts})</translation>
    </message>
    <message>
        <source>实施人签名：今日本人（{count}）</source>
        <translation>Sign my sessions today ({count})</translation>
    </message>
    <message>
        <source>以本人密码一次签署今日本人实施、尚未签名的全部记录</source>
        <translation>Sign, with your password, every session you performed today and have not signed yet</translation>
    </message>
    <message>
        <source>审核签名：助理今日记录</source>
        <translation>Co-sign: assistants&apos; sessions today</translation>
    </message>
    <message>
        <source>以本人密码一次审核签署今日所带助理实施、尚未审核的全部记录</source>
        <translation>Co-sign with your password, at once, every session your assistants performed today that awaits a co-signature</translation>
    </message>
    <message>
        <source>患者签名：所选记录</source>
        <translation>Patient signs: selected sessions</translation>
    </message>
    <message>
        <source>患者签名：今日全部待签</source>
        <translation>Patient signs: all of today&apos;s</translation>
    </message>
    <message>
        <source>打印签字页</source>
        <translation>Print signing page</translation>
    </message>
    <message>
        <source>无签名板时：打印所选（或今日）待签记录，患者在纸上签名</source>
        <translation>Without a signature pad: print the selected (or today&apos;s) sessions awaiting signature for the patient to sign on paper</translation>
    </message>
    <message>
        <source>附签字扫描件…</source>
        <translation>Attach signed scan…</translation>
    </message>
    <message>
        <source>患者在打印的签字页上签名后，附其扫描件确认这些记录</source>
        <translation>Once the patient has signed the printed page, attach its scan to confirm these sessions</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <source>（无已签名处方）</source>
        <translation>(no signed prescription)</translation>
    </message>
    <message>
        <source>共 {count} 条；待患者签名 {waiting} 条（今日 {today} 条）</source>
        <translation>{count} session(s); {waiting} awaiting the patient&apos;s signature ({today} today)</translation>
    </message>
    <message>
        <source>患者签名：今日全部待签（{count}）</source>
        <translation>Patient signs: all of today&apos;s ({count})</translation>
    </message>
    <message>
        <source>审核签名：助理今日记录（{count}）</source>
        <translation>Co-sign: assistants&apos; sessions today ({count})</translation>
    </message>
    <message>
        <source>请先由医师开具并签署处方。</source>
        <translation>A signed prescription is needed first (the physician prescribes and signs it).</translation>
    </message>
    <message>
        <source>说明超限原因</source>
        <translation>State a reason for going beyond the limit</translation>
    </message>
    <message>
        <source>请说明原因后记录（该次治疗将标记超限，不由工伤保险基金支付）：</source>
        <translation>State the reason to record it (the session is flagged beyond the limit and not billed to the fund):</translation>
    </message>
    <message>
        <source>说明原因并记录</source>
        <translation>Record with this reason</translation>
    </message>
    <message>
        <source>不记录</source>
        <translation>Do not record</translation>
    </message>
    <message>
        <source>正在生成签字页…</source>
        <translation>Preparing the signing page…</translation>
    </message>
</context>
</TS>
