<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>转院日期</source>
        <translation>Transfer date</translation>
    </message>
    <message>
        <source>机构</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>同意/备案文号</source>
        <translation>Consent/filing number</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>转院小结与已用次数</source>
        <translation>Summary and used counts</translation>
    </message>
    <message>
        <source>项目编码</source>
        <translation>Item code</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <source>核准次数</source>
        <translation>Approved count</translation>
    </message>
    <message>
        <source>转入前已用</source>
        <translation>Used before</translation>
    </message>
    <message>
        <source>本院已用</source>
        <translation>Used here</translation>
    </message>
    <message>
        <source>剩余次数</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>转往机构</source>
        <translation>Transferred to</translation>
    </message>
    <message>
        <source>转院原因</source>
        <translation>Reason for transfer</translation>
    </message>
    <message>
        <source>同意文号</source>
        <translation>Consent number</translation>
    </message>
    <message>
        <source>同意日期</source>
        <translation>Consent date</translation>
    </message>
    <message>
        <source>转出机构</source>
        <translation>Transferred from</translation>
    </message>
    <message>
        <source>转院小结</source>
        <translation>Transfer summary</translation>
    </message>
    <message>
        <source>核准项目</source>
        <translation>Approved items</translation>
    </message>
    <message>
        <source>转出</source>
        <translation>Transferred out</translation>
    </message>
    <message>
        <source>转入</source>
        <translation>Transferred in</translation>
    </message>
    <message>
        <source>本地区办法对转院未作规定：无须经办机构同意（可登记）。</source>
        <translation>The region&apos;s rules are silent on transfers: no agency consent is needed (one may be recorded).</translation>
    </message>
    <message>
        <source>转往{outside}须经{consent}（{basis}）。</source>
        <translation>A transfer {outside} needs {consent} ({basis}).</translation>
    </message>
    <message>
        <source>已转出：{day} 转往 {place}，此后不能记录治疗。</source>
        <translation>Transferred out on {day} to {place}; no session can be recorded after that day.</translation>
    </message>
    <message>
        <source>转入病例：{day} 自 {place} 转入，已用次数已从核准次数中扣除。</source>
        <translation>Transferred in on {day} from {place}; the counts used there come off the approved counts.</translation>
    </message>
    <message>
        <source>未转院</source>
        <translation>No transfer</translation>
    </message>
    <message>
        <source>转院小结已出具</source>
        <translation>Transfer summary issued</translation>
    </message>
    <message>
        <source>录入转出</source>
        <translation>Record a transfer out</translation>
    </message>
    <message>
        <source>保存并出具转院小结</source>
        <translation>Save and issue the summary</translation>
    </message>
    <message>
        <source>转往{outside}</source>
        <translation>Transfer {outside}</translation>
    </message>
    <message>
        <source>转往统筹地区以外</source>
        <translation>Transfer outside the region</translation>
    </message>
    <message>
        <source>有同意日期</source>
        <translation>Consent dated</translation>
    </message>
    <message>
        <source>转往机构 *</source>
        <translation>Transferred to *</translation>
    </message>
    <message>
        <source>转院日期 *</source>
        <translation>Transfer date *</translation>
    </message>
    <message>
        <source>转院原因 *</source>
        <translation>Reason for transfer *</translation>
    </message>
    <message>
        <source>录入转入</source>
        <translation>Record a transfer in</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source>转出机构 *</source>
        <translation>Transferred from *</translation>
    </message>
    <message>
        <source>转入日期 *</source>
        <translation>Transfer-in date *</translation>
    </message>
    <message>
        <source>转院小结 *</source>
        <translation>Transfer summary *</translation>
    </message>
    <message>
        <source>转入前已用次数</source>
        <translation>Sessions used before</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>请先录入经办机构的核准，再登记转入前已用次数。</source>
        <translation>Record the agency&apos;s approval first, then the sessions used before.</translation>
    </message>
    <message>
        <source>转出…</source>
        <translation>Transfer out…</translation>
    </message>
    <message>
        <source>转入…</source>
        <translation>Transfer in…</translation>
    </message>
    <message>
        <source>保存转院小结…</source>
        <translation>Save transfer summary…</translation>
    </message>
    <message>
        <source>核准项目次数（转院前后连续计算）</source>
        <translation>Approved counts (continued across transfers)</translation>
    </message>
    <message>
        <source>保存转院小结</source>
        <translation>Save transfer summary</translation>
    </message>
</context>
</TS>
