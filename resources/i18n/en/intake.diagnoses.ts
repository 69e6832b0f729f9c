<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>ICD-10 编码</source>
        <translation>ICD-10 code</translation>
    </message>
    <message>
        <source>诊断名称</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>输入编码或名称搜索，如 S72 或 股骨颈；回车添加</source>
        <translation>Search by code or name, e.g. S72 or 股骨颈; Enter adds</translation>
    </message>
    <message>
        <source>添加诊断</source>
        <translation>Add diagnosis</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>设为主要诊断</source>
        <translation>Make main diagnosis</translation>
    </message>
    <message>
        <source>第一行为主要诊断。列表为常见工伤诊断示例；其他编码可按“编码 名称”录入。</source>
        <translation>The first row is the main diagnosis. The list holds common work-injury diagnoses; type other codes as &quot;code name&quot;.</translation>
    </message>
    <message>
        <source>有 {count} 个匹配，请从列表中选择一个。</source>
        <translation>{count} matches: choose one from the list.</translation>
    </message>
    <message>
        <source>列表中没有匹配的诊断；请按“编码 名称”录入，如 S72.001 股骨颈骨折。</source>
        <translation>No diagnosis in the list matches; type &quot;code name&quot;, e.g. S72.001 股骨颈骨折.</translation>
    </message>
    <message>
        <source>第一行为主要诊断。</source>
        <translation>The first row is the main diagnosis.</translation>
    </message>
</context>
</TS>
