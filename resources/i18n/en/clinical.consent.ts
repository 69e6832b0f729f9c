<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>小计</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>签署人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>核准外的目录项目：名称、拼音首字母或编码</source>
        <translation>Catalogue items outside the approval: name, pinyin initials or code</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>目录外项目名称</source>
        <translation>name of an item outside the catalogue</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>unit</translation>
    </message>
    <message>
        <source>单价 ¥</source>
        <translation>price ¥</translation>
    </message>
    <message>
        <source>添加目录外项目</source>
        <translation>Add other item</translation>
    </message>
    <message>
        <source>移除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>签署人姓名</source>
        <translation>Signer&apos;s name</translation>
    </message>
    <message>
        <source>代签原因及查验的证明</source>
        <translation>Why someone else signs, and the proof seen</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>保存并签名</source>
        <translation>Save and sign</translation>
    </message>
    <message>
        <source>签名：所选同意书</source>
        <translation>Sign the selected consent</translation>
    </message>
    <message>
        <source>附纸质签名扫描件…</source>
        <translation>Attach signed scan…</translation>
    </message>
    <message>
        <source>无签名板时：同意人在纸质同意书上签名，附其扫描件</source>
        <translation>Without a signature pad: the consenting person signs the paper form; attach its scan</translation>
    </message>
    <message>
        <source>自费项目</source>
        <translation>Out-of-scope items</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>关系/身份</source>
        <translation>Relationship / capacity</translation>
    </message>
    <message>
        <source>代签依据</source>
        <translation>Proof</translation>
    </message>
    <message>
        <source>签署日期</source>
        <translation>Date signed</translation>
    </message>
    <message>
        <source>同意人</source>
        <translation>Who consents</translation>
    </message>
    <message>
        <source>已录入的同意书</source>
        <translation>Consents</translation>
    </message>
    <message>
        <source>目录外或核准外项目须经书面签字同意，费用自负（{basis}）</source>
        <translation>Items outside the catalogue or the approval need written signed consent and are self-paid ({basis})</translation>
    </message>
    <message>
        <source>本地区规定未设目录外项目同意书；签字同意仅作告知，目录外费用基金不予支付</source>
        <translation>The region has no consent rule for out-of-scope items: a signed consent only informs; the fund does not pay them</translation>
    </message>
    <message>
        <source>患者 {patient}&#x3000;病例 {case}&#x3000;用人单位 {employer}&#x3000;</source>
        <translation>Patient {patient}  Case {case}  Employer {employer}  </translation>
    </message>
    <message>
        <source>{name}（{kind}）</source>
        <translation>{name} ({kind})</translation>
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
        <source>单位代表身份，如人事经办人</source>
        <translation>The representative&apos;s capacity, e.g. HR officer</translation>
    </message>
    <message>
        <source>与职工关系，如配偶</source>
        <translation>Relationship to the worker, e.g. spouse</translation>
    </message>
    <message>
        <source>{item} 已添加。</source>
        <translation>{item} is already added.</translation>
    </message>
    <message>
        <source>单价须为金额，如 28.35</source>
        <translation>The price must be an amount, e.g. 28.35</translation>
    </message>
    <message>
        <source>（目录外）</source>
        <translation> (outside the catalogue)</translation>
    </message>
    <message>
        <source>金额合计：¥{amount}</source>
        <translation>Total: ¥{amount}</translation>
    </message>
</context>
</TS>
