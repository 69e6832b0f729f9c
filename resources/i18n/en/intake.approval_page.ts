<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>核准机构</source>
        <translation>Approving body</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>核准项目及次数</source>
        <translation>Approved items and counts</translation>
    </message>
    <message>
        <source>结论书</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>国家编码</source>
        <translation>National code</translation>
    </message>
    <message>
        <source>核准次数</source>
        <translation>Approved count</translation>
    </message>
    <message>
        <source>{name}（不限次数）</source>
        <translation>{name} (no limit)</translation>
    </message>
    <message>
        <source>{kind} {number}（{day}，{body}）&#x3000;期限 {start} 至 {end}
核准项目及次数：{items}
结论书：{scan}</source>
        <translation>{kind} {number} ({day}, {body})  period {start} to {end}
Approved items and counts: {items}
Decision scan: {scan}</translation>
    </message>
    <message>
        <source>本病例按{pack}判断。</source>
        <translation>This case is judged by {pack}.</translation>
    </message>
    <message>
        <source>未经核准发生的费用不予支付（{articles}）。</source>
        <translation>Costs incurred without an approval are not paid ({articles}).</translation>
    </message>
    <message>
        <source>延期须有新的核准（{articles}）。</source>
        <translation>An extension needs a new approval ({articles}).</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>录入核准结论 — {patient}（{case_number}）</source>
        <translation>Record an approval — {patient} ({case_number})</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>如 泸工康核〔2026〕1号</source>
        <translation>e.g. 泸工康核〔2026〕1号</translation>
    </message>
    <message>
        <source>如 泸州市劳动能力鉴定委员会、北京市朝阳区社保中心</source>
        <translation>e.g. 泸州市劳动能力鉴定委员会, 北京市朝阳区社保中心</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>搜索目录项目</source>
        <translation>Search the catalogue</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source> 次</source>
        <translation> times</translation>
    </message>
    <message>
        <source>添加项目</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>类型 *</source>
        <translation>Type *</translation>
    </message>
    <message>
        <source>康复类型 *</source>
        <translation>Rehab type *</translation>
    </message>
    <message>
        <source>文号 *</source>
        <translation>Number *</translation>
    </message>
    <message>
        <source>决定日期 *</source>
        <translation>Decision date *</translation>
    </message>
    <message>
        <source>核准机构 *</source>
        <translation>Approving body *</translation>
    </message>
    <message>
        <source>核准期限 *</source>
        <translation>Approved period *</translation>
    </message>
    <message>
        <source>核准项目</source>
        <translation>Approved items</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>结论书扫描件</source>
        <translation>Decision scan</translation>
    </message>
    <message>
        <source>核准类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>康复类型</source>
        <translation>Rehab type</translation>
    </message>
    <message>
        <source>核准文号</source>
        <translation>Decision number</translation>
    </message>
    <message>
        <source>核准日期</source>
        <translation>Decision date</translation>
    </message>
    <message>
        <source>核准期限</source>
        <translation>Approved period</translation>
    </message>
    <message>
        <source>请从目录中选择项目。</source>
        <translation>Choose an item from the catalogue.</translation>
    </message>
    <message>
        <source>录入核准 / 延期 / 备案…</source>
        <translation>Record approval / extension / filing…</translation>
    </message>
    <message>
        <source>支付标准…</source>
        <translation>Payment terms…</translation>
    </message>
    <message>
        <source>{patient}&#x3000;{case_number}&#x3000;{resident_id}&#x3000;状态：{status}&#x3000;核准 {count} 次</source>
        <translation>{patient}   {case_number}   {resident_id}   status: {status}   {count} approval(s)</translation>
    </message>
</context>
</TS>
