<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>待患者签名</source>
        <translation>Awaiting the patient&apos;s signature</translation>
    </message>
    <message>
        <source>已签名（锁定）</source>
        <translation>Signed (locked)</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>已封存</source>
        <translation>Sealed</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>频次</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <source>次数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>小计</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>核准不限次</source>
        <translation>approved, no count limit</translation>
    </message>
    <message>
        <source>核准{count}次</source>
        <translation>approved {count}×</translation>
    </message>
    <message>
        <source>未核准</source>
        <translation>not approved</translation>
    </message>
    <message>
        <source>搜索目录：名称、拼音首字母或编码</source>
        <translation>Search the catalogue: name, pinyin initials or code</translation>
    </message>
    <message>
        <source>添加项目</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>移除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>康复目标</source>
        <translation>Goals</translation>
    </message>
    <message>
        <source>预期效果</source>
        <translation>Expected effect</translation>
    </message>
    <message>
        <source>注意事项</source>
        <translation>Precautions</translation>
    </message>
    <message>
        <source>修订原因</source>
        <translation>Reason for the revision</translation>
    </message>
    <message>
        <source>保存方案</source>
        <translation>Save plan</translation>
    </message>
    <message>
        <source>放弃修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>修订方案</source>
        <translation>Revise plan</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>治疗期限</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>治疗项目</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>方案内容</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>方案版本</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>患者阅读的内容</source>
        <translation>What the patient reads</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>无核准</source>
        <translation>none approved</translation>
    </message>
    <message>
        <source>核准期限：{periods}</source>
        <translation>Approved period: {periods}</translation>
    </message>
    <message>
        <source>第{version}版&#x3000;{start} 至 {end}&#x3000;¥{cost}&#x3000;{state}</source>
        <translation>Version {version}   {start} to {end}   ¥{cost}   {state}</translation>
    </message>
    <message>
        <source>&#x3000;签名：{signer}</source>
        <translation>   signed by {signer}</translation>
    </message>
    <message>
        <source>&#x3000;修订原因：{reason}</source>
        <translation>   reason for the revision: {reason}</translation>
    </message>
    <message>
        <source>患者 {patient}&#x3000;病例 {case}&#x3000;</source>
        <translation>Patient {patient}   case {case}   </translation>
    </message>
    <message>
        <source>尚无治疗方案：请制定方案后请患者签名确认。</source>
        <translation>No treatment plan yet: write the plan, then have the patient sign it.</translation>
    </message>
    <message>
        <source>正在修订第{version}版：保存后成为第{next}版，须患者重新签名。</source>
        <translation>Revising version {version}: saved, it becomes version {next} and the patient signs again.</translation>
    </message>
    <message>
        <source>当前方案：第{version}版，{state}</source>
        <translation>Current plan: version {version}, {state}</translation>
    </message>
    <message>
        <source>费用估算：¥{amount}（{count} 项）</source>
        <translation>Estimate: ¥{amount} ({count} item(s))</translation>
    </message>
    <message>
        <source>{item} 已在方案中。</source>
        <translation>{item} is already in the plan.</translation>
    </message>
</context>
<context>
    <name>button</name>
    <message>
        <source>患者签名确认</source>
        <translation>Patient signs</translation>
    </message>
</context>
</TS>
