<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AcceptancePage</name>
    <message>
        <source>受理 (Ctrl+Enter)</source>
        <translation>Accept (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>网上预审 (F5)</source>
        <translation>Pre-application (F5)</translation>
    </message>
    <message>
        <source>新办件 (Ctrl+N)</source>
        <translation>New case (Ctrl+N)</translation>
    </message>
    <message>
        <source>导出 (Ctrl+E)</source>
        <translation>Export (Ctrl+E)</translation>
    </message>
    <message>
        <source>打印 (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <source>预览 (Ctrl+Shift+P)</source>
        <translation>Preview (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>补正告知 (Ctrl+B)</source>
        <translation>Request supplements (Ctrl+B)</translation>
    </message>
    <message>
        <source>不予受理 (Ctrl+R)</source>
        <translation>Refuse (Ctrl+R)</translation>
    </message>
    <message>
        <source>申请表</source>
        <translation>Application form</translation>
    </message>
    <message>
        <source>选择事项后在此填写申请表。</source>
        <translation>Choose an item to fill in its application form here.</translation>
    </message>
    <message>
        <source>已读取证件，请核对信息。</source>
        <translation>Card read. Please check the details.</translation>
    </message>
    <message>
        <source>已读取证件；联系电话取自该申请人上次办件，请核对。</source>
        <translation>Card read; the phone number comes from this applicant&apos;s previous case, please check it.</translation>
    </message>
    <message>
        <source>{0}&#x3000;卡号 {1}</source>
        <translation>{0}   card number {1}</translation>
    </message>
    <message>
        <source>读卡器上的卡片不是社会保障卡，也不是本地市民卡。</source>
        <translation>The card on the reader is neither a social security card nor a local citizen card.</translation>
    </message>
    <message>
        <source>社会保障卡读取失败，请将卡片重新插入读卡器。</source>
        <translation>The social security card could not be read: insert it into the reader again.</translation>
    </message>
    <message>
        <source>社会保障卡（第{0}代，发卡地 {1}）</source>
        <translation>Social security card (generation {0}, issued in {1})</translation>
    </message>
    <message>
        <source>卡识别码 {0}</source>
        <translation>card identification {0}</translation>
    </message>
    <message>
        <source>卡号 {0}</source>
        <translation>card number {0}</translation>
    </message>
    <message>
        <source>有效期至 {0}</source>
        <translation>valid until {0}</translation>
    </message>
    <message>
        <source>持卡人 {0}&#x3000;社会保障号码 {1}</source>
        <translation>holder {0}   social security number {1}</translation>
    </message>
    <message>
        <source>此卡的姓名、社会保障号码需要PSAM卡才能读取，本机未配置PSAM；请以居民身份证核对身份。</source>
        <translation>This card&apos;s name and social security number can only be read with a PSAM, which this workstation does not have; check identity against the resident ID card.</translation>
    </message>
    <message>
        <source>已调取网上预审 {0}（{1} 提交），请核对申请人信息和材料。</source>
        <translation>Online pre-application {0} (submitted {1}) loaded. Please check the applicant and the materials.</translation>
    </message>
    <message>
        <source>请选择申请事项</source>
        <translation>Choose the service item</translation>
    </message>
    <message>
        <source>尚缺材料：{0}</source>
        <translation>Materials still missing: {0}</translation>
    </message>
    <message>
        <source>申请表：{0}</source>
        <translation>Application form: {0}</translation>
    </message>
    <message>
        <source>材料齐全，可以受理。</source>
        <translation>All materials received; the case can be accepted.</translation>
    </message>
    <message>
        <source>正在保存办件…</source>
        <translation>Saving the case…</translation>
    </message>
    <message>
        <source>（暂定：节假日安排公布后以实际工作日为准）</source>
        <translation> (provisional: final once next year&apos;s public holidays are published)</translation>
    </message>
    <message>
        <source>&lt;b&gt;✓ 已受理&lt;/b&gt;&#x3000;办件编号 &lt;b&gt;{0}&lt;/b&gt;&#x3000;承诺办结 {1}{2}</source>
        <translation>&lt;b&gt;✓ Accepted&lt;/b&gt;  case number &lt;b&gt;{0}&lt;/b&gt;  promised by {1}{2}</translation>
    </message>
    <message>
        <source>&lt;b&gt;补正告知&lt;/b&gt;&#x3000;办件编号 &lt;b&gt;{0}&lt;/b&gt;&#x3000;缺 {1} 项材料，补正期限 {2}</source>
        <translation>&lt;b&gt;Supplements requested&lt;/b&gt;  case number &lt;b&gt;{0}&lt;/b&gt;  {1} material(s) missing, due by {2}</translation>
    </message>
    <message>
        <source>&lt;b&gt;不予受理&lt;/b&gt;&#x3000;办件编号 &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation>&lt;b&gt;Refused&lt;/b&gt;  case number &lt;b&gt;{0}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>通知书已生成（共 {0} 份文书）。</source>
        <translation>Notice produced ({0} document(s)).</translation>
    </message>
    <message>
        <source>办件已保存，但通知书未能全部生成，请在办件详情中重新生成。</source>
        <translation>The case is saved, but not every notice could be produced; produce it again from the case details.</translation>
    </message>
    <message>
        <source>Ctrl+P 打印通知书；Ctrl+N 开始下一个办件。</source>
        <translation>Ctrl+P prints the notice; Ctrl+N starts the next case.</translation>
    </message>
    <message>
        <source>未能办理</source>
        <translation>Not completed</translation>
    </message>
    <message>
        <source>保存失败，办件未受理，已录入的内容仍保留在屏幕上。请重试；如反复出现请联系信息技术人员。</source>
        <translation>Saving failed: the case was not accepted, and what you entered is still on screen. Try again; if it keeps happening, call IT support.</translation>
    </message>
</context>
<context>
    <name>AgentPanel</name>
    <message>
        <source>代办人（受托人）</source>
        <translation>Agent (authorised representative)</translation>
    </message>
    <message>
        <source>代办人证件号码</source>
        <translation>Agent&apos;s ID number</translation>
    </message>
    <message>
        <source>代办人联系电话</source>
        <translation>Agent&apos;s phone</translation>
    </message>
    <message>
        <source>请代办人将身份证放在读卡器上，或手工录入。</source>
        <translation>Ask the agent to place their ID card on the reader, or type the details.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>证件类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>已读取代办人证件，请核对并填写代办人联系电话。</source>
        <translation>Agent&apos;s card read; please check it and enter the agent&apos;s phone.</translation>
    </message>
    <message>
        <source>请填写代办人姓名</source>
        <translation>Enter the agent&apos;s name</translation>
    </message>
    <message>
        <source>请填写代办人证件号码</source>
        <translation>Enter the agent&apos;s ID number</translation>
    </message>
    <message>
        <source>代办人：</source>
        <translation>Agent: </translation>
    </message>
    <message>
        <source>请填写代办人联系电话</source>
        <translation>Enter the agent&apos;s phone</translation>
    </message>
</context>
<context>
    <name>ApplicantForm</name>
    <message>
        <source>居民身份证</source>
        <translation>Resident identity card</translation>
    </message>
    <message>
        <source>港澳台居民居住证</source>
        <translation>HK/Macau/Taiwan residence permit</translation>
    </message>
    <message>
        <source>外国人永久居留身份证</source>
        <translation>Foreign permanent resident ID card</translation>
    </message>
    <message>
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <source>其他有效证件</source>
        <translation>Other valid document</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>自然人(&amp;1)</source>
        <translation>Natural person (&amp;1)</translation>
    </message>
    <message>
        <source>法人/组织(&amp;2)</source>
        <translation>Legal person / organisation (&amp;2)</translation>
    </message>
    <message>
        <source>18位证件号码</source>
        <translation>18-character document number</translation>
    </message>
    <message>
        <source>手机或带区号的固定电话</source>
        <translation>Mobile, or landline with area code</translation>
    </message>
    <message>
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>证件类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>证件号码(&amp;I)</source>
        <translation>&amp;ID number</translation>
    </message>
    <message>
        <source>联系电话(&amp;T)</source>
        <translation>&amp;Telephone</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>18位统一社会信用代码</source>
        <translation>18-character unified social credit code</translation>
    </message>
    <message>
        <source>单位名称(&amp;N)</source>
        <translation>Organisation &amp;name</translation>
    </message>
    <message>
        <source>信用代码(&amp;I)</source>
        <translation>Cred&amp;it code</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <source>（由15位旧号码转换）</source>
        <translation> (converted from a 15-digit number)</translation>
    </message>
    <message>
        <source>✓ 2017版永居证号码，国籍 {0}</source>
        <translation>✓ 2017 permanent-residence card number, nationality {0}</translation>
    </message>
    <message>
        <source>请填写申请人姓名</source>
        <translation>Enter the applicant&apos;s name</translation>
    </message>
    <message>
        <source>请填写证件号码</source>
        <translation>Enter the document number</translation>
    </message>
    <message>
        <source>请填写单位名称</source>
        <translation>Enter the organisation&apos;s name</translation>
    </message>
    <message>
        <source>请填写法定代表人</source>
        <translation>Enter the legal representative</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>一窗受理工作站</source>
        <translation>Window Acceptance Workstation</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>高拍仪拍照</source>
        <translation>Document camera</translation>
    </message>
    <message>
        <source>将材料平放在高拍仪下，按空格或回车拍照；Esc 结束。</source>
        <translation>Lay the document flat under the camera; press Space or Enter to take a page, Esc to finish.</translation>
    </message>
    <message>
        <source>拍照 (空格)</source>
        <translation>Take page (Space)</translation>
    </message>
    <message>
        <source>已拍 {0} 页。继续拍下一页，或按 Esc 结束。</source>
        <translation>{0} pages taken. Take the next page, or press Esc to finish.</translation>
    </message>
</context>
<context>
    <name>CardInfo</name>
    <message>
        <source>证件</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>民族</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>英文姓名</source>
        <translation>Name in English</translation>
    </message>
    <message>
        <source>国籍</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <source>签发机关</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>有效期限</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>通行证号码</source>
        <translation>Travel permit number</translation>
    </message>
    <message>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <source>港澳台居民居住证</source>
        <translation>HK/Macao/Taiwan residence permit</translation>
    </message>
    <message>
        <source>外国人永久居留身份证（2017版）</source>
        <translation>Foreigner permanent-residence ID card (2017)</translation>
    </message>
    <message>
        <source>外国人永久居留身份证（2023版）</source>
        <translation>Foreigner permanent-residence ID card (2023)</translation>
    </message>
    <message>
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <source>长期</source>
        <translation>long-term</translation>
    </message>
    <message>
        <source>{0}（已从读卡器读取）</source>
        <translation>{0} (read from the card reader)</translation>
    </message>
    <message>
        <source>未说明</source>
        <translation>not stated</translation>
    </message>
    <message>
        <source>⚠ 证件已过期（有效期至 {0}），请核实身份，并提醒申请人换领证件。</source>
        <translation>⚠ The card has expired (valid until {0}): verify the identity and remind the applicant to renew the card.</translation>
    </message>
    <message>
        <source>照片解码组件未安装</source>
        <translation>Photo decoder not installed</translation>
    </message>
    <message>
        <source>证件无照片</source>
        <translation>No photo on the card</translation>
    </message>
    <message>
        <source>照片无法解码</source>
        <translation>Photo could not be decoded</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <source>办件详情 — {0}</source>
        <translation>Case details — {0}</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>状态变化</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>经办</source>
        <translation>By</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>重打（副本）</source>
        <translation>Reprint (copy)</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>出具材料接收凭证</source>
        <translation>Issue a receipt for materials</translation>
    </message>
    <message>
        <source>补正材料收齐，受理 (Ctrl+Enter)</source>
        <translation>Supplements complete, accept (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>补正告知 (Ctrl+B)</source>
        <translation>Request supplements (Ctrl+B)</translation>
    </message>
    <message>
        <source>不予受理 (Ctrl+R)</source>
        <translation>Refuse (Ctrl+R)</translation>
    </message>
    <message>
        <source>作废（需主管确认）</source>
        <translation>Void (supervisor confirms)</translation>
    </message>
    <message>
        <source>重新开启（需主管确认）</source>
        <translation>Re-open (supervisor confirms)</translation>
    </message>
    <message>
        <source>待收材料（勾选已收到的）</source>
        <translation>Materials still due (tick those received)</translation>
    </message>
    <message>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>办理过程</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>受理 (Ctrl+Enter)</source>
        <translation>Accept (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Telephone</translation>
    </message>
    <message>
        <source>受理窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>收件时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>决定时间</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>代办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>补正期限</source>
        <translation>Supplements due</translation>
    </message>
    <message>
        <source>邮寄：{0} {1}</source>
        <translation>By post: {0} {1}</translation>
    </message>
    <message>
        <source>窗口领取：{0}</source>
        <translation>Collected at the window: {0}</translation>
    </message>
    <message>
        <source>出件</source>
        <translation>Result delivered</translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation> (provisional)</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>法定办结：{0}&#x3000;承诺办结：{1}{2}</source>
        <translation>Statutory deadline: {0}  Promised: {1}{2}</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>申报事项</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Accepted at</translation>
    </message>
    <message>
        <source>承诺办结</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation> (provisional)</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>近7天</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>近30天</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>办件编号、申请人姓名或证件号码</source>
        <translation>Case number, applicant name or ID number</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>共 {0} 件</source>
        <translation>{0} cases</translation>
    </message>
</context>
<context>
    <name>ClerkTasksDialog</name>
    <message>
        <source>待办任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>没有待办任务。</source>
        <translation>No open tasks.</translation>
    </message>
    <message>
        <source>已处理 (Enter)</source>
        <translation>Done (Enter)</translation>
    </message>
    <message>
        <source>补正</source>
        <translation>Supplement</translation>
    </message>
    <message>
        <source>【{0}】办件 {1}&#x3000;{2}
{3}</source>
        <translation>[{0}] Case {1}  {2}
{3}</translation>
    </message>
</context>
<context>
    <name>DeliveryPage</name>
    <message>
        <source>办件编号、扫描通知书二维码，或申请人证件号码；也可直接读身份证</source>
        <translation>Case number, the notice&apos;s scanned QR code, or the applicant&apos;s ID number; or read an ID card</translation>
    </message>
    <message>
        <source>读身份证或输入领取人证件号码</source>
        <translation>Read the ID card or type the collector&apos;s ID number</translation>
    </message>
    <message>
        <source>窗口领取(&amp;W)</source>
        <translation>At the &amp;window</translation>
    </message>
    <message>
        <source>邮寄送达(&amp;Y)</source>
        <translation>B&amp;y post</translation>
    </message>
    <message>
        <source>确认出件 (Ctrl+Enter)</source>
        <translation>Confirm delivery (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>查找办件(&amp;F)</source>
        <translation>&amp;Find case</translation>
    </message>
    <message>
        <source>领取人</source>
        <translation>Collected by</translation>
    </message>
    <message>
        <source>领取人证件号码</source>
        <translation>Collector&apos;s ID number</translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>快递公司</source>
        <translation>Courier</translation>
    </message>
    <message>
        <source>运单号</source>
        <translation>Tracking number</translation>
    </message>
    <message>
        <source>没有找到办件。</source>
        <translation>No case found.</translation>
    </message>
    <message>
        <source>&lt;br&gt;代办人：{0}（{1}）</source>
        <translation>&lt;br&gt;Agent: {0} ({1})</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;&#x3000;{1}&lt;br&gt;申请人：{2}（{3}）&lt;br&gt;事项：{4}{5}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;  {1}&lt;br&gt;Applicant: {2} ({3})&lt;br&gt;Items: {4}{5}</translation>
    </message>
    <message>
        <source>请先查找办件</source>
        <translation>Find the case first</translation>
    </message>
    <message>
        <source>该办件状态为“{0}”，不能出件</source>
        <translation>The case is &quot;{0}&quot;: its result cannot be delivered</translation>
    </message>
    <message>
        <source>邮寄送达请填写快递公司和运单号</source>
        <translation>For postal delivery enter the courier and the tracking number</translation>
    </message>
    <message>
        <source>请读取或录入领取人身份证件</source>
        <translation>Read or type the collector&apos;s ID</translation>
    </message>
    <message>
        <source>领取人证件号码与申请人（代办人）不符，不能领取</source>
        <translation>The collector&apos;s ID does not match the applicant (or agent): not allowed to collect</translation>
    </message>
    <message>
        <source>身份核验通过，可以出件。</source>
        <translation>Identity checked: the result can be handed over.</translation>
    </message>
    <message>
        <source>✓ 已出件：{0}。Ctrl+P 打印领取凭证。</source>
        <translation>✓ Delivered: {0}. Ctrl+P prints the receipt.</translation>
    </message>
    <message>
        <source>不能出件：{0}</source>
        <translation>Cannot deliver: {0}</translation>
    </message>
    <message>
        <source>出件登记失败，请重试。</source>
        <translation>Recording the delivery failed, please try again.</translation>
    </message>
</context>
<context>
    <name>DeviceSettingsDialog</name>
    <message>
        <source>不使用读卡器（手工录入）</source>
        <translation>No card reader (typed in by hand)</translation>
    </message>
    <message>
        <source>GA/T 467 读卡器（串口 / USB 虚拟串口）</source>
        <translation>GA/T 467 reader (serial port / USB virtual serial port)</translation>
    </message>
    <message>
        <source>厂商 SDT 动态库（sdtapi / termb）</source>
        <translation>Vendor SDT library (sdtapi / termb)</translation>
    </message>
    <message>
        <source>模拟读卡器（演示、培训）</source>
        <translation>Simulated reader (demo, training)</translation>
    </message>
    <message>
        <source>设备设置</source>
        <translation>Device settings</translation>
    </message>
    <message>
        <source>自动查找</source>
        <translation>Find automatically</translation>
    </message>
    <message>
        <source>例如 /opt/reader/libsdtapi.so 或 C:\\reader\\sdtapi.dll</source>
        <translation>e.g. /opt/reader/libsdtapi.so or C:\\reader\\sdtapi.dll</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>1–16 为串口，1001–1016 为USB</source>
        <translation>1–16 serial ports, 1001–1016 USB</translation>
    </message>
    <message>
        <source>照片解码库（可选），例如 libwlt2bmp.so</source>
        <translation>Photo decoder library (optional), e.g. libwlt2bmp.so</translation>
    </message>
    <message>
        <source>监视社保卡 / 市民卡读卡器（PC/SC）</source>
        <translation>Watch social security / citizen card readers (PC/SC)</translation>
    </message>
    <message>
        <source>身份证读卡器(&amp;D)</source>
        <translation>ID card reader (&amp;D)</translation>
    </message>
    <message>
        <source>端口(&amp;P)</source>
        <translation>&amp;Port</translation>
    </message>
    <message>
        <source>波特率(&amp;B)</source>
        <translation>&amp;Baud rate</translation>
    </message>
    <message>
        <source>SDT 动态库(&amp;L)</source>
        <translation>SDT &amp;library</translation>
    </message>
    <message>
        <source>SDT 端口号</source>
        <translation>SDT port number</translation>
    </message>
    <message>
        <source>照片解码库</source>
        <translation>Photo decoder</translation>
    </message>
    <message>
        <source>保存后立即切换读卡器；社保卡读卡器的变更在下次启动时生效。</source>
        <translation>The ID card reader changes as soon as you save; changes to the social security card reader take effect at the next start.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>选择 SDT 动态库</source>
        <translation>Choose the SDT library</translation>
    </message>
    <message>
        <source>选择厂商 SDT 驱动时，请填写动态库的路径。</source>
        <translation>With the vendor SDT driver, enter the library&apos;s path.</translation>
    </message>
    <message>
        <source>设置无效：{0}</source>
        <translation>Invalid setting: {0}</translation>
    </message>
    <message>
        <source>设置无法保存：数据目录不可写。请联系信息技术人员。</source>
        <translation>The settings could not be saved: the data directory is not writable. Contact IT staff.</translation>
    </message>
</context>
<context>
    <name>DeviceTestDialog</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Dir.</translation>
    </message>
    <message>
        <source>命令</source>
        <translation>Command</translation>
    </message>
    <message>
        <source>字节</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>耗时(ms)</source>
        <translation>Time (ms)</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>帧（个人信息已屏蔽）</source>
        <translation>Frame (personal data masked)</translation>
    </message>
    <message>
        <source>设备测试</source>
        <translation>Device test</translation>
    </message>
    <message>
        <source>检测安全模块 (F5)</source>
        <translation>Check SAM (F5)</translation>
    </message>
    <message>
        <source>清空记录</source>
        <translation>Clear log</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>证件已取走</source>
        <translation>Card removed</translation>
    </message>
    <message>
        <source>社保卡读卡服务：{0}</source>
        <translation>Smart card service: {0}</translation>
    </message>
    <message>
        <source>PC/SC 读卡器：{0}</source>
        <translation>PC/SC readers: {0}</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>插入卡片：{0}，ATR {1}</source>
        <translation>Card inserted: {0}, ATR {1}</translation>
    </message>
    <message>
        <source>取出卡片：{0}</source>
        <translation>Card removed: {0}</translation>
    </message>
    <message>
        <source>身份证读卡器：{0}</source>
        <translation>ID card reader: {0}</translation>
    </message>
    <message>
        <source>读取证件成功，用时 {0:.0f} 毫秒</source>
        <translation>Card read in {0:.0f} ms</translation>
    </message>
    <message>
        <source>读卡出错（{0}），自动重试</source>
        <translation>Read error ({0}), retrying</translation>
    </message>
    <message>
        <source>社会保障卡 卡识别码 {0}，规范版本 {1}</source>
        <translation>Social security card: identification {0}, specification {1}</translation>
    </message>
    <message>
        <source>正在检测…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>安全模块号 {0}</source>
        <translation>SAM {0}</translation>
    </message>
    <message>
        <source>安全模块无响应：请检查读卡器连接</source>
        <translation>The SAM does not answer: check the reader connection</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>未配置</source>
        <translation>not configured</translation>
    </message>
    <message>
        <source>正在连接</source>
        <translation>connecting</translation>
    </message>
    <message>
        <source>就绪</source>
        <translation>ready</translation>
    </message>
    <message>
        <source>未连接（每秒重试）</source>
        <translation>not connected (retrying every second)</translation>
    </message>
    <message>
        <source>安全模块故障</source>
        <translation>SAM fault</translation>
    </message>
    <message>
        <source>未启用</source>
        <translation>off</translation>
    </message>
    <message>
        <source>智能卡服务未运行（pcscd）</source>
        <translation>smart card service (pcscd) not running</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <source>例：{0}</source>
        <translation>e.g. {0}</translation>
    </message>
    <message>
        <source>请选择</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>省（区、市）</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>市（地区、州）</source>
        <translation>City / prefecture</translation>
    </message>
    <message>
        <source>县（区、市）</source>
        <translation>County / district</translation>
    </message>
    <message>
        <source>街道、门牌号</source>
        <translation>Street and number</translation>
    </message>
    <message>
        <source>{0}（代码表中无此区划）</source>
        <translation>{0} (not in the code table)</translation>
    </message>
    <message>
        <source>添加一行 (Ctrl+Ins)</source>
        <translation>Add row (Ctrl+Ins)</translation>
    </message>
    <message>
        <source>删除本行 (Ctrl+Del)</source>
        <translation>Delete row (Ctrl+Del)</translation>
    </message>
    <message>
        <source>（自动计算）</source>
        <translation> (computed)</translation>
    </message>
</context>
<context>
    <name>ItemPicker</name>
    <message>
        <source>申请事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>事项名称或拼音首字母，如 gtgsh；Shift+Enter 追加事项</source>
        <translation>Item name or pinyin initials, e.g. gtgsh; Shift+Enter adds an item</translation>
    </message>
    <message>
        <source>已选：{0}</source>
        <translation>Chosen: {0}</translation>
    </message>
    <message>
        <source>一表申报：共 {0} 个事项，共用信息只填一次</source>
        <translation>One application for {0} items: shared details are entered once</translation>
    </message>
    <message>
        <source>查找事项(&amp;S)</source>
        <translation>&amp;Search items</translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <source>程序启动失败，数据未被改动。请联系信息技术人员，并提供日志目录中的日志。</source>
        <translation>The program could not start; no data was changed. Call IT support and give them the logs from the log directory.</translation>
    </message>
    <message>
        <source>无法启动</source>
        <translation>Cannot start</translation>
    </message>
    <message>
        <source>登录失败次数过多，账号已锁定至 {0}。</source>
        <translation>Too many failed logins: the account is locked until {0}.</translation>
    </message>
    <message>
        <source>该账号已停用，请联系管理员。</source>
        <translation>This account is disabled; ask an administrator.</translation>
    </message>
    <message>
        <source>无法连接政务服务平台，且本机离线登录已过期（或本账号从未在本机联网登录）。请联网后再登录。</source>
        <translation>The service platform cannot be reached, and offline login on this machine has expired (or this account never logged in here online). Log in again once the network is back.</translation>
    </message>
    <message>
        <source>工号或密码不正确。</source>
        <translation>Wrong user ID or password.</translation>
    </message>
    <message>
        <source>再错 {0} 次账号将被锁定。</source>
        <translation> {0} more wrong attempts will lock the account.</translation>
    </message>
    <message>
        <source>登录时出错，请重试。</source>
        <translation>Login failed with an error; try again.</translation>
    </message>
    <message>
        <source>已注销。</source>
        <translation>Logged out.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>屏幕已锁定</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <source>经办人：{0}（{1}）</source>
        <translation>Clerk: {0} ({1})</translation>
    </message>
    <message>
        <source>为保护申请人信息，长时间无操作或手动锁定后需输入本人密码解锁。</source>
        <translation>To protect applicants&apos; data, the screen locks when idle or by hand; unlock it with your own password.</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>解锁 (Enter)</source>
        <translation>Unlock (Enter)</translation>
    </message>
    <message>
        <source>注销 (Alt+L)</source>
        <translation>Log out (Alt+L)</translation>
    </message>
    <message>
        <source>正在验证…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>一窗受理工作站 — 登录</source>
        <translation>Window Acceptance Workstation — Login</translation>
    </message>
    <message>
        <source>一窗受理工作站</source>
        <translation>Window Acceptance Workstation</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>User ID</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>登录 (Enter)</source>
        <translation>Log in (Enter)</translation>
    </message>
    <message>
        <source>正在打开本机加密数据…</source>
        <translation>Opening the encrypted local data…</translation>
    </message>
    <message>
        <source>工号(&amp;U)</source>
        <translation>&amp;User ID</translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>演示模式 — 工号：{0}&#x3000;密码：{1}</source>
        <translation>Demo mode — user ID: {0}  password: {1}</translation>
    </message>
    <message>
        <source>正在验证…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>一窗受理工作站 — {0}</source>
        <translation>Window Acceptance Workstation — {0}</translation>
    </message>
    <message>
        <source>受理 (F2)</source>
        <translation>Accept (F2)</translation>
    </message>
    <message>
        <source>办件查询 (F3)</source>
        <translation>Cases (F3)</translation>
    </message>
    <message>
        <source>出件 (F6)</source>
        <translation>Delivery (F6)</translation>
    </message>
    <message>
        <source>上报队列 (F4)</source>
        <translation>Outbox (F4)</translation>
    </message>
    <message>
        <source>【演示模式】</source>
        <translation>[Demo mode] </translation>
    </message>
    <message>
        <source>事项目录 {0}（{1} 项）</source>
        <translation>Catalogue {0} ({1} items)</translation>
    </message>
    <message>
        <source>设备(&amp;D)</source>
        <translation>&amp;Devices</translation>
    </message>
    <message>
        <source>设备设置…</source>
        <translation>Device settings…</translation>
    </message>
    <message>
        <source>设备测试…</source>
        <translation>Device test…</translation>
    </message>
    <message>
        <source>放置证件 ▾</source>
        <translation>Place card ▾</translation>
    </message>
    <message>
        <source>演示：在模拟读卡器上放置样例证件（Ctrl+Alt+1…6，取走 Ctrl+Alt+0）</source>
        <translation>Demo: place a sample card on the simulated reader (Ctrl+Alt+1…6, remove Ctrl+Alt+0)</translation>
    </message>
    <message>
        <source>放置证件(&amp;P)</source>
        <translation>&amp;Place card</translation>
    </message>
    <message>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <source>港澳台居民居住证</source>
        <translation>HK/Macao/Taiwan residence permit</translation>
    </message>
    <message>
        <source>外国人永久居留身份证（2017版）</source>
        <translation>Foreigner permanent-residence ID card (2017)</translation>
    </message>
    <message>
        <source>外国人永久居留身份证（2023版）</source>
        <translation>Foreigner permanent-residence ID card (2023)</translation>
    </message>
    <message>
        <source>（长期有效）</source>
        <translation> (long-term)</translation>
    </message>
    <message>
        <source>（已过期）</source>
        <translation> (expired)</translation>
    </message>
    <message>
        <source>取走证件</source>
        <translation>Remove card</translation>
    </message>
    <message>
        <source>身份证读卡器：{0}</source>
        <translation>ID card reader: {0}</translation>
    </message>
    <message>
        <source>社保卡读卡器：{0}</source>
        <translation>Social security card reader: {0}</translation>
    </message>
    <message>
        <source>读卡器通信出错，正在自动重试；如持续出现请重新放置证件。</source>
        <translation>Card reader communication error, retrying; if it persists, place the card again.</translation>
    </message>
    <message>
        <source>证件读取失败，请将证件取下后重新放置。</source>
        <translation>The card could not be read: take it off the reader and place it again.</translation>
    </message>
    <message>
        <source>有新版本 {0}（当前 {1}）</source>
        <translation>New version {0} available (this is {1})</translation>
    </message>
    <message>
        <source>本机版本 {0} 低于平台要求的 {1}。请在 {2} 前升级，逾期本机将暂停受理。请联系信息技术人员。</source>
        <translation>This workstation runs version {0}, below the platform&apos;s minimum {1}. Upgrade before {2}; after that, acceptance stops on this machine. Call IT support.</translation>
    </message>
    <message>
        <source>本机版本 {0} 低于平台要求的 {1}，升级期限 {2} 已过，本机暂停受理新办件。请联系信息技术人员升级。</source>
        <translation>This workstation runs version {0}, below the platform&apos;s minimum {1}, and the deadline {2} has passed: new cases cannot be accepted here. Call IT support to upgrade.</translation>
    </message>
    <message>
        <source>需要升级</source>
        <translation>Upgrade required</translation>
    </message>
    <message>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>F2 受理&#x3000;F3 办件查询&#x3000;F6 出件&#x3000;F4 上报队列（其中 F5 立即同步）
Alt+1 自然人&#x3000;Alt+2 法人
Alt+N 姓名&#x3000;Alt+I 证件号码&#x3000;Alt+T 电话
Alt+S 查找事项（↑↓选择，Enter确定）&#x3000;Shift+Enter 追加事项（一表申报）&#x3000;F5 调取网上预审
Alt+M 材料清单（空格勾选）&#x3000;F7 材料全部收齐&#x3000;Ctrl+T 待办任务
F8 扫描当前材料&#x3000;Shift+F8 扫描下一项&#x3000;Ctrl+F8 重扫选中页&#x3000;F11 拍照&#x3000;Ctrl+I 导入&#x3000;Ctrl+L 电子证照
Ctrl+1…9 选中页归入第N项材料；页面条上 Ctrl+←/→ 旋转&#x3000;Alt+←/→ 移动&#x3000;Del 删除&#x3000;空格 放大
Ctrl+Enter 受理&#x3000;Ctrl+B 补正告知&#x3000;Ctrl+R 不予受理&#x3000;Ctrl+N 新办件
Ctrl+P 打印通知书&#x3000;Ctrl+Shift+P 预览&#x3000;Ctrl+E 导出通知书
Ctrl+Shift+D 设备设置&#x3000;F9 设备测试&#x3000;Ctrl+Alt+1…6 放置样例证件（演示）
Ctrl+Shift+L 锁定屏幕</source>
        <translation>F2 Acceptance   F3 Cases   F6 Hand-over   F4 Upload queue (F5 there syncs now)
Alt+1 Person   Alt+2 Organisation
Alt+N Name   Alt+I ID number   Alt+T Phone
Alt+S Find item (Up/Down to choose, Enter to confirm)   Shift+Enter Add item (combined application)   F5 Online pre-application
Alt+M Material checklist (Space ticks)   F7 All materials received   Ctrl+T Follow-up tasks
F8 Scan current material   Shift+F8 Scan next   Ctrl+F8 Re-scan selected page   F11 Photograph   Ctrl+I Import   Ctrl+L E-licence
Ctrl+1…9 Move selected pages to material N; on the strip Ctrl+Left/Right rotate   Alt+Left/Right move   Del delete   Space zoom
Ctrl+Enter Accept   Ctrl+B Supplement notice   Ctrl+R Reject   Ctrl+N New case
Ctrl+P Print notice   Ctrl+Shift+P Preview   Ctrl+E Export notice
Ctrl+Shift+D Device settings   F9 Device test   Ctrl+Alt+1…6 Place sample card (demo)
Ctrl+Shift+L Lock the screen</translation>
    </message>
    <message>
        <source>账户(&amp;A)</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <source>锁定屏幕</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <source>注销</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>生成支持包（供信息技术人员）…</source>
        <translation>Make a support bundle (for IT staff)…</translation>
    </message>
    <message>
        <source>密码已修改。</source>
        <translation>Password changed.</translation>
    </message>
    <message>
        <source>生成支持包</source>
        <translation>Support bundle</translation>
    </message>
    <message>
        <source>支持包已生成：{0}</source>
        <translation>Support bundle written: {0}</translation>
    </message>
    <message>
        <source>生成支持包失败：{0}</source>
        <translation>The support bundle could not be made: {0}</translation>
    </message>
    <message>
        <source>办件 {0}：{1}</source>
        <translation>Case {0}: {1}</translation>
    </message>
    <message>
        <source>作废办件 {0}</source>
        <translation>Void case {0}</translation>
    </message>
    <message>
        <source>重新开启办件 {0}</source>
        <translation>Re-open case {0}</translation>
    </message>
    <message>
        <source>操作未完成：{0}</source>
        <translation>Not done: {0}</translation>
    </message>
    <message>
        <source>未能完成</source>
        <translation>Not completed</translation>
    </message>
    <message>
        <source>已发送到打印机 {0}（第 {1} 份，共 {2} 页）</source>
        <translation>Sent to printer {0} (copy {1}, {2} page(s))</translation>
    </message>
    <message>
        <source>该通知书已打印过（{0}），未重复打印；如需再打请在办件详情中选择重打</source>
        <translation>This notice was printed before ({0}) and was not printed again; for another copy choose Reprint in the case details</translation>
    </message>
    <message>
        <source>上次打印可能已输出，请检查打印机 {0}；未打出时请在办件详情中选择重打</source>
        <translation>The previous attempt may have printed: check printer {0}; if nothing came out, choose Reprint in the case details</translation>
    </message>
    <message>
        <source>打印失败：打印机不可用，请检查打印机后按 Ctrl+P 重试（不会重复打印）。</source>
        <translation>Printing failed: the printer is not available. Check it, then press Ctrl+P to retry (nothing prints twice).</translation>
    </message>
    <message>
        <source>打印失败：{0}</source>
        <translation>Printing failed: {0}</translation>
    </message>
    <message>
        <source>通知书</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>导出受理通知书</source>
        <translation>Export acceptance notice</translation>
    </message>
    <message>
        <source>已导出：{0}</source>
        <translation>Exported: {0}</translation>
    </message>
    <message>
        <source>导出失败：{0}</source>
        <translation>Export failed: {0}</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
</context>
<context>
    <name>MaterialMessages</name>
    <message>
        <source>扫描仪中没有纸张。请放入材料（进纸器：正面朝下）后重新扫描。</source>
        <translation>There is no paper in the scanner. Put the documents in (feeder: face down) and scan again.</translation>
    </message>
    <message>
        <source>扫描仪卡纸。请打开进纸器盖板取出纸张，整理后重新放入，再重新扫描。</source>
        <translation>The scanner has a paper jam. Open the feeder cover, take the paper out, straighten it, put it back and scan again.</translation>
    </message>
    <message>
        <source>扫描仪盖板未关闭。请合上盖板后重新扫描。</source>
        <translation>The scanner cover is open. Close it and scan again.</translation>
    </message>
    <message>
        <source>扫描仪正被其他程序使用。请关闭其他扫描软件，稍候重新扫描。</source>
        <translation>Another program is using the scanner. Close other scanning software and scan again in a moment.</translation>
    </message>
    <message>
        <source>与扫描仪的连接中断。请检查USB线和电源，然后重新扫描（已扫描的页面已保留）。</source>
        <translation>The connection to the scanner was lost. Check the USB cable and power, then scan again (pages already scanned are kept).</translation>
    </message>
    <message>
        <source>找不到扫描仪。请检查扫描仪电源和USB连接线，然后重新扫描。</source>
        <translation>The scanner cannot be found. Check its power and USB cable, then scan again.</translation>
    </message>
    <message>
        <source>本机未配置扫描仪。可用高拍仪拍照或导入文件；如需扫描请联系信息技术人员。</source>
        <translation>No scanner is configured on this computer. Use the document camera or import files; ask IT staff to set up a scanner.</translation>
    </message>
    <message>
        <source>没有使用扫描仪的权限。请联系信息技术人员将本账号加入 scanner 用户组。</source>
        <translation>This account may not use the scanner. Ask IT staff to add it to the scanner group.</translation>
    </message>
    <message>
        <source>扫描仪正在预热。请等待几秒后重新扫描。</source>
        <translation>The scanner is warming up. Wait a few seconds and scan again.</translation>
    </message>
    <message>
        <source>扫描仪的运输锁未打开。请按说明书打开运输锁后重新扫描。</source>
        <translation>The scanner&apos;s transport lock is engaged. Unlock it as the manual describes and scan again.</translation>
    </message>
    <message>
        <source>扫描已取消。</source>
        <translation>Scanning was cancelled.</translation>
    </message>
    <message>
        <source>扫描失败。请重新扫描；如反复出现，请重启扫描仪或联系信息技术人员。</source>
        <translation>Scanning failed. Scan again; if it keeps happening, restart the scanner or contact IT staff.</translation>
    </message>
    <message>
        <source>文件是空的（0字节），可能未保存完整，请重新扫描或另存后导入</source>
        <translation>the file is empty (0 bytes), probably not saved completely; scan again or save it again, then import</translation>
    </message>
    <message>
        <source>文件已损坏或不是有效的图片/PDF，无法读取</source>
        <translation>the file is damaged or not a valid image/PDF and cannot be read</translation>
    </message>
    <message>
        <source>不支持的文件类型（可导入 JPG、PNG、TIFF、BMP 和 PDF）</source>
        <translation>unsupported file type (JPG, PNG, TIFF, BMP and PDF can be imported)</translation>
    </message>
    <message>
        <source>PDF 页面不是扫描图像，无法转换为页面</source>
        <translation>the PDF page is not a scanned image and cannot be turned into a page</translation>
    </message>
    <message>
        <source>文件过大（超过200MB）</source>
        <translation>the file is too large (over 200 MB)</translation>
    </message>
    <message>
        <source>文件无法读取（权限不足或已被移走）</source>
        <translation>the file cannot be read (no permission, or it was moved)</translation>
    </message>
    <message>
        <source>未找到高拍仪。请检查高拍仪的USB连接，然后重新打开拍照窗口。</source>
        <translation>No document camera was found. Check its USB connection, then open the camera window again.</translation>
    </message>
    <message>
        <source>高拍仪正被其他程序使用。请关闭其他拍照软件后重试。</source>
        <translation>Another program is using the document camera. Close other camera software and try again.</translation>
    </message>
    <message>
        <source>高拍仪出错。请重新插拔高拍仪后重试。</source>
        <translation>The document camera reported an error. Unplug it, plug it in again and retry.</translation>
    </message>
    <message>
        <source>高拍仪尚未出图，请稍候再拍。</source>
        <translation>The camera shows no picture yet; wait a moment and try again.</translation>
    </message>
    <message>
        <source>本机缺少高拍仪所需的系统组件，暂时无法拍照。请改用扫描仪或导入文件，并请信息技术人员修复。</source>
        <translation>This computer lacks a system component the document camera needs, so photos cannot be taken now. Use the scanner or import files instead, and ask IT staff to fix it.</translation>
    </message>
</context>
<context>
    <name>MaterialsPanel</name>
    <message>
        <source>情形与材料</source>
        <translation>Situation and materials</translation>
    </message>
    <message>
        <source>请先选择申请事项。</source>
        <translation>Choose the service item first.</translation>
    </message>
    <message>
        <source>材料全部收齐 (F7)</source>
        <translation>All materials received (F7)</translation>
    </message>
    <message>
        <source>扫描 (F8)</source>
        <translation>Scan (F8)</translation>
    </message>
    <message>
        <source>扫描下一项 (Shift+F8)</source>
        <translation>Scan next (Shift+F8)</translation>
    </message>
    <message>
        <source>导入 (Ctrl+I)</source>
        <translation>Import (Ctrl+I)</translation>
    </message>
    <message>
        <source>电子证照 (Ctrl+L)</source>
        <translation>E-licence (Ctrl+L)</translation>
    </message>
    <message>
        <source>左转 (Ctrl+←)</source>
        <translation>Rotate left (Ctrl+←)</translation>
    </message>
    <message>
        <source>右转 (Ctrl+→)</source>
        <translation>Rotate right (Ctrl+→)</translation>
    </message>
    <message>
        <source>删除 (Del)</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <source>拍照 (F11)</source>
        <translation>Photograph (F11)</translation>
    </message>
    <message>
        <source>重扫此页 (Ctrl+F8)</source>
        <translation>Re-scan page (Ctrl+F8)</translation>
    </message>
    <message>
        <source>放大 (空格)</source>
        <translation>Zoom (Space)</translation>
    </message>
    <message>
        <source>待办任务 (Ctrl+T)</source>
        <translation>Tasks (Ctrl+T)</translation>
    </message>
    <message>
        <source>选中页面按 Ctrl+1…9 归入第N项材料，或拖到材料上</source>
        <translation>Ctrl+1…9 moves the selected pages to material N; or drag them onto a material</translation>
    </message>
    <message>
        <source>材料清单(&amp;M)</source>
        <translation>&amp;Materials</translation>
    </message>
    <message>
        <source>待办任务 {0} 项 (Ctrl+T)</source>
        <translation>Tasks: {0} open (Ctrl+T)</translation>
    </message>
    <message>
        <source>法定时限 {0} 个工作日</source>
        <translation>statutory limit {0} working days</translation>
    </message>
    <message>
        <source>无法定时限</source>
        <translation>no statutory limit</translation>
    </message>
    <message>
        <source>当场办结</source>
        <translation>settled on the spot</translation>
    </message>
    <message>
        <source>承诺 {0} 个工作日</source>
        <translation>promised {0} working days</translation>
    </message>
    <message>
        <source>原件{0}份</source>
        <translation>{0} original(s)</translation>
    </message>
    <message>
        <source>复印件{0}份</source>
        <translation>{0} copy/copies</translation>
    </message>
    <message>
        <source>可用电子证照</source>
        <translation>e-licence accepted</translation>
    </message>
    <message>
        <source>[{0}页]</source>
        <translation>[{0} pages]</translation>
    </message>
    <message>
        <source>[电子证照 {0}]</source>
        <translation>[e-licence {0}]</translation>
    </message>
    <message>
        <source>[电子证照 待核验]</source>
        <translation>[e-licence to be verified]</translation>
    </message>
    <message>
        <source>已收 {0}/{1} 项</source>
        <translation>{0}/{1} received</translation>
    </message>
    <message>
        <source>本件共 {0} 页，{1} MB</source>
        <translation>This case: {0} pages, {1} MB</translation>
    </message>
    <message>
        <source>页面处理失败，请重新扫描或导入该页。</source>
        <translation>The page could not be processed; scan or import it again.</translation>
    </message>
    <message>
        <source>正在扫描：{0}…</source>
        <translation>Scanning: {0}…</translation>
    </message>
    <message>
        <source>已扫描 {0} 页。</source>
        <translation>{0} pages scanned.</translation>
    </message>
    <message>
        <source>已扫描 {0} 页后停止。</source>
        <translation>Stopped after {0} pages. </translation>
    </message>
    <message>
        <source>导入材料文件</source>
        <translation>Import material files</translation>
    </message>
    <message>
        <source>图片和PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf);;所有文件 (*)</source>
        <translation>Images and PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf);;All files (*)</translation>
    </message>
    <message>
        <source>导入文件夹中的材料</source>
        <translation>Import the materials in a folder</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>已导入 {0} 个文件，共 {1} 页。</source>
        <translation>Imported {0} files, {1} pages.</translation>
    </message>
    <message>
        <source>未导入 {0}：{1}</source>
        <translation>Not imported {0}: {1}</translation>
    </message>
    <message>
        <source>扫描文件夹中有新文件：请先选择事项和材料，文件将在下次检查时导入。</source>
        <translation>New files in the scan folder: choose the item and material first; they are imported at the next check.</translation>
    </message>
    <message>
        <source>已将 {0} 页归入「{1}」。</source>
        <translation>{0} pages moved to “{1}”.</translation>
    </message>
    <message>
        <source>第 {0} 页</source>
        <translation>Page {0}</translation>
    </message>
    <message>
        <source>请先填写申请人证件号码（或统一社会信用代码），再调用电子证照。</source>
        <translation>Enter the applicant&apos;s ID number (or unified social credit code) before using an e-licence.</translation>
    </message>
    <message>
        <source>正在查询电子证照：{0}…</source>
        <translation>Looking up the e-licence: {0}…</translation>
    </message>
    <message>
        <source>已调用电子证照 {0}（{1}），无需扫描纸质材料。</source>
        <translation>E-licence {0} ({1}) attached; no paper scan needed.</translation>
    </message>
    <message>
        <source>暂时无法连接平台，电子证照标记为「待核验」；联网同步后自动核验，不符时生成补正任务。</source>
        <translation>The platform cannot be reached: the e-licence is marked “to be verified”. It is checked automatically after sync; a supplement task is raised if it does not match.</translation>
    </message>
    <message>
        <source>平台上没有申请人有效的「{0}」电子证照，请收取纸质材料并扫描。</source>
        <translation>The platform holds no valid “{0}” e-licence for the applicant; take the paper document and scan it.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>（第{0}位）</source>
        <translation> (character {0})</translation>
    </message>
    <message>
        <source>请输入证件号码。</source>
        <translation>Enter the document number.</translation>
    </message>
    <message>
        <source>身份证号码应为18位（旧证15位），当前为{0}位。</source>
        <translation>An ID number has 18 characters (15 on old cards); this one has {0}.</translation>
    </message>
    <message>
        <source>身份证号码只能包含数字，最后一位可以是X{0}。</source>
        <translation>An ID number holds only digits, with X allowed last{0}.</translation>
    </message>
    <message>
        <source>身份证号码校验位不正确，请逐位核对证件。</source>
        <translation>The ID number&apos;s check character is wrong; compare it with the card character by character.</translation>
    </message>
    <message>
        <source>身份证号码中的出生日期不存在，请核对第7至14位。</source>
        <translation>The birth date in the ID number does not exist; check characters 7 to 14.</translation>
    </message>
    <message>
        <source>身份证号码中的出生日期晚于今天，请核对第7至14位。</source>
        <translation>The birth date in the ID number is after today; check characters 7 to 14.</translation>
    </message>
    <message>
        <source>身份证号码的前6位地址码无效，请核对证件。</source>
        <translation>The area code (first 6 digits) of the ID number is invalid; check the card.</translation>
    </message>
    <message>
        <source>请输入统一社会信用代码。</source>
        <translation>Enter the unified social credit code.</translation>
    </message>
    <message>
        <source>统一社会信用代码应为18位，当前为{0}位。</source>
        <translation>A credit code has 18 characters; this one has {0}.</translation>
    </message>
    <message>
        <source>统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）{0}。</source>
        <translation>The credit code contains a character that is not allowed (I, O, Z, S and V are never used){0}.</translation>
    </message>
    <message>
        <source>统一社会信用代码校验位不正确，请逐位核对营业执照。</source>
        <translation>The credit code&apos;s check character is wrong; compare it with the business licence character by character.</translation>
    </message>
    <message>
        <source>请输入联系电话。</source>
        <translation>Enter a telephone number.</translation>
    </message>
    <message>
        <source>手机号码应为11位；固定电话请带区号，如0571-12345678。</source>
        <translation>A mobile number has 11 digits; give landlines with their area code, e.g. 0571-12345678.</translation>
    </message>
    <message>
        <source>联系电话只能包含数字、空格和短横线。</source>
        <translation>A telephone number holds only digits, spaces and dashes.</translation>
    </message>
    <message>
        <source>手机号码应以13至19开头；固定电话请带区号。</source>
        <translation>A mobile number starts with 13 to 19; give landlines with their area code.</translation>
    </message>
    <message>
        <source>磁盘空间已满，本次操作未保存。请联系信息技术人员清理磁盘后重试；已受理的办件不受影响。</source>
        <translation>The disk is full and this action was not saved. Ask IT support to free disk space, then try again; cases already accepted are safe.</translation>
    </message>
    <message>
        <source>数据目录无法写入，本次操作未保存。请联系信息技术人员检查磁盘和权限。</source>
        <translation>The data directory cannot be written and this action was not saved. Ask IT support to check the disk and permissions.</translation>
    </message>
    <message>
        <source>无法访问系统密钥库，不能打开加密数据。请登录操作系统桌面后重试，或联系信息技术人员。</source>
        <translation>The system keystore cannot be reached, so the encrypted data cannot be opened. Log in to the desktop and try again, or call IT support.</translation>
    </message>
    <message>
        <source>系统密钥库中找不到本机数据的密钥，程序不会新建数据库覆盖原有数据。请联系信息技术人员恢复密钥。</source>
        <translation>The key of this machine&apos;s data is missing from the system keystore; no new database will be created over the old one. Ask IT support to restore the key.</translation>
    </message>
    <message>
        <source>系统密钥库中的密钥与本机数据库不匹配，数据未被改动。请联系信息技术人员，切勿删除数据目录。</source>
        <translation>The key in the system keystore does not match this machine&apos;s database; no data was changed. Call IT support, and do not delete the data directory.</translation>
    </message>
    <message>
        <source>本机数据库已损坏。请联系信息技术人员运行 main.py doctor 检查。</source>
        <translation>The local database is damaged. Ask IT support to run main.py doctor.</translation>
    </message>
    <message>
        <source>设备未连接或无响应。请检查设备电源和连接线后重试。</source>
        <translation>The device is not connected or not responding. Check its power and cable, then try again.</translation>
    </message>
    <message>
        <source>无法连接政务服务平台，办件已保存在本机，网络恢复后将自动上报。</source>
        <translation>The service platform cannot be reached. The case is saved on this machine and will be sent when the network is back.</translation>
    </message>
    <message>
        <source>站点配置有误，请联系信息技术人员。</source>
        <translation>The site configuration is invalid; call IT support.</translation>
    </message>
    <message>
        <source>一窗受理工作站已在本机运行，请切换到已打开的窗口（Alt+Tab）继续办理。</source>
        <translation>The window acceptance workstation is already running on this computer. Switch to its open window (Alt+Tab) to carry on.</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>待补正</source>
        <translation>Awaiting supplement</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>审查中</source>
        <translation>In review</translation>
    </message>
    <message>
        <source>准予许可</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>不予许可</source>
        <translation>Denied</translation>
    </message>
    <message>
        <source>待出件</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>已出件</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>已作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>密码至少需要{0}位。</source>
        <translation>The password needs at least {0} characters.</translation>
    </message>
    <message>
        <source>密码过长。</source>
        <translation>The password is too long.</translation>
    </message>
    <message>
        <source>密码须包含大写字母、小写字母、数字、其他符号中的至少三类。</source>
        <translation>The password must mix at least three of: upper-case letters, lower-case letters, digits, other characters.</translation>
    </message>
    <message>
        <source>密码不能包含工号。</source>
        <translation>The password must not contain the login.</translation>
    </message>
    <message>
        <source>密码过于简单或过于常见，请换一个。</source>
        <translation>The password is too simple or too common; choose another one.</translation>
    </message>
    <message>
        <source>密码错误次数过多，账号已锁定至 {0}。</source>
        <translation>Too many wrong passwords; the account is locked until {0}.</translation>
    </message>
    <message>
        <source>科长工号或密码不正确。</source>
        <translation>The supervisor&apos;s login or password is wrong.</translation>
    </message>
    <message>
        <source>该科长账号因密码错误次数过多已被锁定。</source>
        <translation>This supervisor account is locked after too many wrong passwords.</translation>
    </message>
    <message>
        <source>该账号已停用。</source>
        <translation>This account is disabled.</translation>
    </message>
    <message>
        <source>该账号没有审批权限，请由科长或管理员确认。</source>
        <translation>This account may not approve; ask a supervisor or an administrator.</translation>
    </message>
    <message>
        <source>不能审批本人发起的操作，请由其他科长确认。</source>
        <translation>Nobody approves their own request; ask another supervisor.</translation>
    </message>
</context>
<context>
    <name>OutboxPage</name>
    <message>
        <source>待发送</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>发送中</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>已送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>被拒收</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>上报办件</source>
        <translation>Submit case</translation>
    </message>
    <message>
        <source>上传材料</source>
        <translation>Upload material</translation>
    </message>
    <message>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <source>重试所选</source>
        <translation>Retry selected</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>尝试</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>下次重试</source>
        <translation>Next retry</translation>
    </message>
    <message>
        <source>平台答复</source>
        <translation>Platform&apos;s answer</translation>
    </message>
    <message>
        <source>共 {0} 项待处理</source>
        <translation>{0} items waiting</translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <source>放大 +&#x3000;缩小 -&#x3000;适合窗口 0&#x3000;关闭 Esc</source>
        <translation>Zoom in +   Zoom out -   Fit 0   Close Esc</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>新密码至少{0}位，须包含大写字母、小写字母、数字、其他符号中的至少三类，且不含工号。</source>
        <translation>The new password needs at least {0} characters, at least three of: upper-case letters, lower-case letters, digits, other characters, and must not contain the login.</translation>
    </message>
    <message>
        <source>原密码(&amp;O)</source>
        <translation>&amp;Old password</translation>
    </message>
    <message>
        <source>新密码(&amp;N)</source>
        <translation>&amp;New password</translation>
    </message>
    <message>
        <source>再次输入(&amp;A)</source>
        <translation>&amp;Again</translation>
    </message>
    <message>
        <source>两次输入的新密码不一致。</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <source>正在验证…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>原密码不正确。</source>
        <translation>The old password is wrong.</translation>
    </message>
    <message>
        <source>该账号的密码由政务服务平台管理，请在平台上修改。</source>
        <translation>This account&apos;s password belongs to the government service platform; change it there.</translation>
    </message>
    <message>
        <source>修改密码时出错，请重试。</source>
        <translation>The password could not be changed; try again.</translation>
    </message>
</context>
<context>
    <name>PreApplicationDialog</name>
    <message>
        <source>调取网上预审</source>
        <translation>Online pre-application</translation>
    </message>
    <message>
        <source>预审号（如 YS202611250001）或申请人证件号码，回车查找</source>
        <translation>Pre-application number (e.g. YS202611250001) or the applicant&apos;s ID number, Enter to search</translation>
    </message>
    <message>
        <source>本机未连接政务服务平台，无法调取网上预审。</source>
        <translation>This workstation is not connected to the government service platform: pre-applications cannot be fetched.</translation>
    </message>
    <message>
        <source>正在查询…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>找到 {0} 条，选择后回车。</source>
        <translation>{0} found; choose one and press Enter.</translation>
    </message>
    <message>
        <source>平台上没有找到该预审申请。</source>
        <translation>The platform has no such pre-application.</translation>
    </message>
    <message>
        <source>查询失败，请重试。</source>
        <translation>The search failed, please try again.</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>预览：{0}</source>
        <translation>Preview: {0}</translation>
    </message>
    <message>
        <source>打印 (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>共 {0} 页</source>
        <translation>{0} page(s)</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <source>不属于本机关职权范围（第三十二条第一款第二项）</source>
        <translation>Outside this agency&apos;s competence (Art. 32(1)(2))</translation>
    </message>
    <message>
        <source>依法不需要取得行政许可（第三十二条第一款第一项）</source>
        <translation>No licence is required by law (Art. 32(1)(1))</translation>
    </message>
    <message>
        <source>其他法定理由（在理由中写明依据）</source>
        <translation>Another legal ground (state the basis in the reason)</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation>Refuse the application</translation>
    </message>
    <message>
        <source>必填：不予受理的理由；不属于本机关职权的，写明应向哪个机关申请</source>
        <translation>Required: why the application is refused; if outside this agency&apos;s competence, name the competent organ</translation>
    </message>
    <message>
        <source>出具不予受理通知书 (Ctrl+Enter)</source>
        <translation>Issue the refusal notice (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>依据</source>
        <translation>Ground</translation>
    </message>
    <message>
        <source>理由(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>请填写不予受理的理由。</source>
        <translation>Enter the reason for the refusal.</translation>
    </message>
</context>
<context>
    <name>ScreenLock</name>
    <message>
        <source>请注销后由其他人员登录，或稍后再试。</source>
        <translation> Log out so that someone else can log in, or try again later.</translation>
    </message>
    <message>
        <source>该账号已停用，请注销。</source>
        <translation>This account is disabled; log out.</translation>
    </message>
    <message>
        <source>密码不正确。</source>
        <translation>Wrong password.</translation>
    </message>
    <message>
        <source>再错 {0} 次账号将被锁定。</source>
        <translation> {0} more wrong and the account is locked.</translation>
    </message>
    <message>
        <source>解锁时出错，请重试。</source>
        <translation>The screen could not be unlocked; try again.</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <source>需要科长（主管）现场确认</source>
        <translation>A supervisor must confirm on the spot</translation>
    </message>
    <message>
        <source>操作：{0}</source>
        <translation>Action: {0}</translation>
    </message>
    <message>
        <source>必填：说明原因</source>
        <translation>Required: the reason</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>主管工号(&amp;L)</source>
        <translation>Supervisor &amp;login</translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>请填写原因。</source>
        <translation>Enter the reason.</translation>
    </message>
    <message>
        <source>请主管输入工号和密码。</source>
        <translation>The supervisor enters their login and password.</translation>
    </message>
    <message>
        <source>正在核验…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>工号或密码不正确。</source>
        <translation>Wrong login or password.</translation>
    </message>
    <message>
        <source>该账号不是主管账号，不能确认此操作。</source>
        <translation>This account is not a supervisor&apos;s and cannot confirm this action.</translation>
    </message>
    <message>
        <source>该账号已锁定。</source>
        <translation>This account is locked.</translation>
    </message>
    <message>
        <source>该账号已停用。</source>
        <translation>This account is disabled.</translation>
    </message>
    <message>
        <source>不能由本人确认自己发起的操作，请另一位主管确认。</source>
        <translation>You cannot confirm your own request; ask another supervisor.</translation>
    </message>
    <message>
        <source>核验时出错，请重试。</source>
        <translation>The check failed, please try again.</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <source>补正材料一次性告知</source>
        <translation>One-time notice of supplements</translation>
    </message>
    <message>
        <source>补充说明（可不填）</source>
        <translation>Additional note (optional)</translation>
    </message>
    <message>
        <source>出具补正告知书 (Enter)</source>
        <translation>Issue the supplement notice (Enter)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>以下 {0} 项材料将一次性告知申请人补正：</source>
        <translation>The applicant will be told at once to supplement these {0} material(s):</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>最早刚刚</source>
        <translation>oldest just now</translation>
    </message>
    <message>
        <source>最早 {0} 分钟前</source>
        <translation>oldest {0} min ago</translation>
    </message>
    <message>
        <source>最早 {0} 小时前</source>
        <translation>oldest {0} h ago</translation>
    </message>
    <message>
        <source>最早 {0} 天前</source>
        <translation>oldest {0} days ago</translation>
    </message>
    <message>
        <source>连接中</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>需重新登录</source>
        <translation>Login needed</translation>
    </message>
    <message>
        <source>● 未连接平台</source>
        <translation>● No platform</translation>
    </message>
    <message>
        <source>待上报 {0} 件</source>
        <translation>{0} to send</translation>
    </message>
</context>
</TS>
