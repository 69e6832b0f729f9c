<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>病例号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>患者</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>病例状态</source>
        <translation>Case status</translation>
    </message>
    <message>
        <source>治疗</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>其他费用</source>
        <translation>Other charges</translation>
    </message>
    <message>
        <source>本月申报</source>
        <translation>Claim this month</translation>
    </message>
    <message>
        <source>申报总额</source>
        <translation>Claimed</translation>
    </message>
    <message>
        <source>基金支付</source>
        <translation>Fund pays</translation>
    </message>
    <message>
        <source>档案完整性</source>
        <translation>Archive gate</translation>
    </message>
    <message>
        <source>待申报费用</source>
        <translation>Charges not claimed</translation>
    </message>
    <message>
        <source>有阻断问题</source>
        <translation>Blocking gaps</translation>
    </message>
    <message>
        <source>可生成</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>草稿待确认</source>
        <translation>Draft to finalize</translation>
    </message>
    <message>
        <source>已确认待导出</source>
        <translation>Final, to export</translation>
    </message>
    <message>
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <source>已确认；有新费用须更正</source>
        <translation>Final; new charges need a correction</translation>
    </message>
    <message>
        <source>无未申报费用</source>
        <translation>Nothing unclaimed</translation>
    </message>
    <message>
        <source>已导出 {count} 个</source>
        <translation>Exported: {count}</translation>
    </message>
    <message>
        <source>{count} 项阻断：{first}</source>
        <translation>{count} blocking: {first}</translation>
    </message>
    <message>
        <source>完整（{count} 项提示）</source>
        <translation>Complete ({count} note(s))</translation>
    </message>
    <message>
        <source>完整</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>#{claim} 第{version}版 {status}</source>
        <translation>#{claim} version {version} {status}</translation>
    </message>
    <message>
        <source>未完成 {count} 个</source>
        <translation>Not done: {count}</translation>
    </message>
    <message>
        <source>  {case}：{problem}</source>
        <translation>  {case}: {problem}</translation>
    </message>
    <message>
        <source>  …等 {count} 个</source>
        <translation>  … {count} in all</translation>
    </message>
    <message>
        <source>月度结算</source>
        <translation>Monthly claims</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>申报汇总表…</source>
        <translation>Monthly claim summary…</translation>
    </message>
    <message>
        <source>结算月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>本月合计：{cases} 个病例，治疗 {sessions} 次，其他费用 {charges} 项；{claims} 份申报 申报总额 ¥{total}，基金支付 ¥{fund}；待申报费用 ¥{waiting}</source>
        <translation>Month: {cases} cases, {sessions} sessions, {charges} other charges; {claims} claims, claimed ¥{total}, fund pays ¥{fund}; charges not claimed ¥{waiting}</translation>
    </message>
    <message>
        <source>{state} {count}</source>
        <translation>{state} {count}</translation>
    </message>
    <message>
        <source>{month}：{count} 个病例有治疗或费用&#x3000;{states}</source>
        <translation>{month}: {count} case(s) with sessions or charges  {states}</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>生成就绪申报（{count}）</source>
        <translation>Build ready ({count})</translation>
    </message>
    <message>
        <source>确认冻结草稿（{count}）…</source>
        <translation>Finalize drafts ({count})…</translation>
    </message>
    <message>
        <source>导出已确认（{count}）…</source>
        <translation>Export final ({count})…</translation>
    </message>
    <message>
        <source>一次生成、确认并导出（{count}）…</source>
        <translation>Build, freeze and export ({count})…</translation>
    </message>
    <message>
        <source>{case} {patient}：{state}</source>
        <translation>{case} {patient}: {state}</translation>
    </message>
    <message>
        <source>{case} {patient}（双击打开病例补齐）</source>
        <translation>{case} {patient} (double-click to open the case and fix it)</translation>
    </message>
    <message>
        <source>已生成 {count} 个</source>
        <translation>Built: {count}</translation>
    </message>
    <message>
        <source>确认结算申报</source>
        <translation>Finalize claims</translation>
    </message>
    <message>
        <source>确认后 {count} 份草稿申报将被冻结，不能再修改，只能更正。是否确认？</source>
        <translation>Once final, the {count} draft claim(s) are frozen: they cannot be changed, only corrected by a new version. Finalize them?</translation>
    </message>
    <message>
        <source>已冻结 {count} 个</source>
        <translation>Finalized: {count}</translation>
    </message>
    <message>
        <source>结算申报</source>
        <translation>Claims</translation>
    </message>
    <message>
        <source>导出本月结算申报</source>
        <translation>Export the month&apos;s claims</translation>
    </message>
    <message>
        <source>{month}：{count} 份已确认的申报，每份导出为一个完整性校验包（文件夹和 zip）。</source>
        <translation>{month}: {count} confirmed claim(s), each exported as an integrity package (a folder and a zip).</translation>
    </message>
    <message>
        <source>生成、确认并导出</source>
        <translation>Build, freeze and export</translation>
    </message>
    <message>
        <source>将为 {count} 个就绪病例生成本月结算申报，确认冻结（不能再修改，只能更正）并导出。是否继续？</source>
        <translation>The month&apos;s claims of {count} ready case(s) will be built, frozen (no longer changeable, only correctable) and exported. Continue?</translation>
    </message>
    <message>
        <source>生成、确认并导出本月结算申报</source>
        <translation>Build, freeze and export the month&apos;s claims</translation>
    </message>
    <message>
        <source>{month}：{count} 个就绪病例，逐一生成申报、确认冻结，并各导出为一个完整性校验包（文件夹和 zip）。</source>
        <translation>{month}: {count} ready case(s), each claim built, frozen and exported as an integrity-checked package (a folder and a zip).</translation>
    </message>
    <message>
        <source>已停止；已完成的保留</source>
        <translation>Stopped: what was done stays done</translation>
    </message>
    <message>
        <source>正在停止…</source>
        <translation>Stopping…</translation>
    </message>
</context>
</TS>
