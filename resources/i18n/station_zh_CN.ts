<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BenchStatusBar</name>
    <message>
        <source>nobody</source>
        <translation>无人</translation>
    </message>
    <message>
        <source>{station} · operator: {who}</source>
        <translation>{station} · 操作员：{who}</translation>
    </message>
    <message>
        <source>policy {version}</source>
        <translation>策略 {version}</translation>
    </message>
    <message>
        <source>inspector</source>
        <translation>检验员</translation>
    </message>
    <message>
        <source>lead</source>
        <translation>组长</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>scanner</source>
        <translation>扫描枪</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>秤</translation>
    </message>
    <message>
        <source>printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <source>sync: …</source>
        <translation>同步：…</translation>
    </message>
    <message>
        <source>offline (no hub configured)</source>
        <translation>离线（未配置中心服务器）</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>sync: {where} · pending {count}</source>
        <translation>同步：{where} · 待发送 {count}</translation>
    </message>
    <message>
        <source>oldest {age}</source>
        <translation>最早 {age}</translation>
    </message>
    <message>
        <source>{count} rejected</source>
        <translation>{count} 条被拒</translation>
    </message>
    <message>
        <source>update needed</source>
        <translation>需要更新</translation>
    </message>
</context>
<context>
    <name>CorePrompt</name>
    <message>
        <source>Scan your badge to log in.</source>
        <translation>请扫描工牌登录。</translation>
    </message>
    <message>
        <source>Badge {badge}: type your PIN and press Enter.</source>
        <translation>工牌 {badge}：输入 PIN 码后按 Enter。</translation>
    </message>
    <message>
        <source>Log in first: scan your badge and enter your PIN.</source>
        <translation>请先登录：扫描工牌并输入 PIN 码。</translation>
    </message>
    <message>
        <source>Cancelled. Scan the next parcel or item.</source>
        <translation>已取消。请扫描下一个包裹或商品。</translation>
    </message>
    <message>
        <source>Nothing to escalate: scan a parcel or item first.</source>
        <translation>没有可上报的内容：请先扫描包裹或商品。</translation>
    </message>
    <message>
        <source>Welcome {name}. Scan an RMA, order, tracking number or the item.</source>
        <translation>欢迎，{name}。请扫描 RMA、订单号、运单号或商品。</translation>
    </message>
    <message>
        <source>Badge or PIN not recognised. Scan your badge and try the PIN again.</source>
        <translation>工牌或 PIN 码无法识别。请重新扫描工牌并输入 PIN 码。</translation>
    </message>
    <message>
        <source>Unreadable scan ({reason}). Scan again.</source>
        <translation>扫描无法读取（{reason}）。请重新扫描。</translation>
    </message>
    <message>
        <source>Decide the hold first: a lead approves or denies, or press Enter to park the unit.</source>
        <translation>请先处理暂扣：由组长批准或拒绝，或按 Enter 将商品放到暂扣架。</translation>
    </message>
    <message>
        <source>{lpn} is not a unit of this station.</source>
        <translation>{lpn} 不是本工位的商品。</translation>
    </message>
    <message>
        <source>{lpn} was already inspected: grade {grade}, {disposition}. Scan the next parcel.</source>
        <translation>{lpn} 已检验：等级 {grade}，{disposition}。请扫描下一个包裹。</translation>
    </message>
    <message>
        <source>No return authorisation found for {kind} {code}. Scan the item itself to handle it as an unexpected item.</source>
        <translation>未找到 {kind} {code} 的退货授权。请扫描商品本身，按意外商品处理。</translation>
    </message>
    <message>
        <source>No return authorisation for {code}.</source>
        <translation>{code} 没有退货授权。</translation>
    </message>
    <message>
        <source>Product {code} is not in the catalog. Scan another barcode on the item, or escalate (F9).</source>
        <translation>商品 {code} 不在目录中。请扫描商品上的其他条码，或上报（F9）。</translation>
    </message>
    <message>
        <source>That is a license plate of an inspected unit. Finish or cancel (Esc) this unit first.</source>
        <translation>这是已检验商品的 LPN。请先完成或取消（Esc）当前商品。</translation>
    </message>
    <message>
        <source>Badge scanned: leads approve holds at the hold screen.</source>
        <translation>已扫描工牌：组长在暂扣界面批准暂扣。</translation>
    </message>
    <message>
        <source>Code {code} is not a known product, serial or RMA.</source>
        <translation>代码 {code} 不是已知的商品、序列号或 RMA。</translation>
    </message>
    <message>
        <source>Unknown code. Scan the product barcode or the RMA label; Enter: continue as unexpected item.</source>
        <translation>未知代码。请扫描商品条码或 RMA 标签；Enter：按意外商品继续。</translation>
    </message>
    <message>
        <source>Scan the product barcode (GTIN/UPC) on the item.</source>
        <translation>请扫描商品上的条码（GTIN/UPC）。</translation>
    </message>
    <message>
        <source>Scan the serial number of the item. Enter: continue without serial.</source>
        <translation>请扫描商品序列号。Enter：无序列号继续。</translation>
    </message>
    <message>
        <source>Place the item on the scale. Enter: continue without weighing.</source>
        <translation>请把商品放到秤上。Enter：不称重继续。</translation>
    </message>
    <message>
        <source>Press Enter to start the checklist.</source>
        <translation>按 Enter 开始检查清单。</translation>
    </message>
    <message>
        <source>Scale in motion: wait until it settles.</source>
        <translation>秤在晃动：请等待读数稳定。</translation>
    </message>
    <message>
        <source>{question}  Y: yes   N: no</source>
        <translation>{question}  Y：是   N：否</translation>
    </message>
    <message>
        <source>{question}  {options}</source>
        <translation>{question}  {options}</translation>
    </message>
    <message>
        <source>Take photo: {slot} ({number} of {total}).</source>
        <translation>拍照：{slot}（第 {number} 张，共 {total} 张）。</translation>
    </message>
    <message>
        <source>Override to {disposition}: {reason}. Enter: confirm and print the label.</source>
        <translation>改为 {disposition}：{reason}。Enter：确认并打印标签。</translation>
    </message>
    <message>
        <source>Enter: confirm.</source>
        <translation>Enter：确认。</translation>
    </message>
    <message>
        <source>Suggested: {disposition} — {explanation} The unit will be held for a lead. Enter: confirm, D: choose another disposition.</source>
        <translation>建议：{disposition} — {explanation} 该商品将暂扣等待组长处理。Enter：确认，D：选择其他处置。</translation>
    </message>
    <message>
        <source>Suggested: {disposition} — {explanation} Enter: confirm, D: choose another disposition.</source>
        <translation>建议：{disposition} — {explanation} Enter：确认，D：选择其他处置。</translation>
    </message>
    <message>
        <source>{question} Press Y or N.</source>
        <translation>{question} 请按 Y 或 N。</translation>
    </message>
    <message>
        <source>{question} Press 1 to {count}.</source>
        <translation>{question} 请按 1 到 {count}。</translation>
    </message>
    <message>
        <source>No checklist question is open.</source>
        <translation>当前没有待答的检查问题。</translation>
    </message>
    <message>
        <source>Unknown checklist question {code}.</source>
        <translation>未知的检查问题 {code}。</translation>
    </message>
    <message>
        <source>Scan an item before taking photos.</source>
        <translation>拍照前请先扫描商品。</translation>
    </message>
    <message>
        <source>Photo not stored: {reason}</source>
        <translation>照片未保存：{reason}</translation>
    </message>
    <message>
        <source>Choose a disposition after the checklist and photos.</source>
        <translation>请在完成检查清单和拍照后选择处置。</translation>
    </message>
    <message>
        <source>Unknown disposition {code}; one of: {choices}.</source>
        <translation>未知处置 {code}；可选：{choices}。</translation>
    </message>
    <message>
        <source>An override needs a reason: type why and press Enter.</source>
        <translation>修改处置需要理由：请输入原因后按 Enter。</translation>
    </message>
    <message>
        <source>Nothing to confirm: scan a parcel or item.</source>
        <translation>没有需要确认的内容：请扫描包裹或商品。</translation>
    </message>
    <message>
        <source>Answer the question first: {question}</source>
        <translation>请先回答问题：{question}</translation>
    </message>
    <message>
        <source>Take the {slot} photo first.</source>
        <translation>请先拍摄：{slot}。</translation>
    </message>
    <message>
        <source>Nothing to confirm.</source>
        <translation>没有需要确认的内容。</translation>
    </message>
    <message>
        <source>Hold for a lead: {reasons} Lead: scan badge and enter PIN to approve or deny. Enter: park the unit on the hold shelf and continue.</source>
        <translation>暂扣待组长处理：{reasons} 组长：扫描工牌并输入 PIN 码以批准或拒绝。Enter：将商品放到暂扣架并继续。</translation>
    </message>
    <message>
        <source>No unit is waiting for a lead decision here.</source>
        <translation>此处没有等待组长决定的商品。</translation>
    </message>
    <message>
        <source>Lead badge or PIN not recognised.</source>
        <translation>组长工牌或 PIN 码无法识别。</translation>
    </message>
    <message>
        <source>{name} is not a lead: a lead must approve or deny holds.</source>
        <translation>{name} 不是组长：暂扣只能由组长批准或拒绝。</translation>
    </message>
    <message>
        <source>{lpn} is not on hold.</source>
        <translation>{lpn} 未被暂扣。</translation>
    </message>
    <message>
        <source>{lpn} stays on hold. Scan the next parcel.</source>
        <translation>{lpn} 继续暂扣。请扫描下一个包裹。</translation>
    </message>
    <message>
        <source>{lpn} parked on hold. Label printing. Scan the next parcel or item.</source>
        <translation>{lpn} 已放到暂扣架。正在打印标签。请扫描下一个包裹或商品。</translation>
    </message>
    <message>
        <source>{lpn} done. Label printing. Scan the next parcel or item.</source>
        <translation>{lpn} 完成。正在打印标签。请扫描下一个包裹或商品。</translation>
    </message>
    <message>
        <source>{lpn} {disposition}. Label printing. Scan the next parcel or item.</source>
        <translation>{lpn}：{disposition}。正在打印标签。请扫描下一个包裹或商品。</translation>
    </message>
    <message>
        <source>{state} by {name}. {prompt}</source>
        <translation>{name} 已{state}。{prompt}</translation>
    </message>
    <message>
        <source>Unsupported event {code}.</source>
        <translation>不支持的事件 {code}。</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>The bench station hit an error</source>
        <translation>检验工位出错</translation>
    </message>
    <message>
        <source>Something went wrong. The unit in progress was not committed; finished units are safe. Tell IT and restart the station.</source>
        <translation>出现错误。当前商品未保存；已完成的商品是安全的。请通知 IT 并重启工位。</translation>
    </message>
    <message>
        <source>Log files: {folder}</source>
        <translation>日志文件：{folder}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <source>Device events (live)</source>
        <translation>设备事件（实时）</translation>
    </message>
    <message>
        <source>Test scan: scan any code</source>
        <translation>扫描测试：扫描任意条码</translation>
    </message>
    <message>
        <source>Test weigh: put a weight on the scale</source>
        <translation>称重测试：在秤上放一个物品</translation>
    </message>
    <message>
        <source>Print test label</source>
        <translation>打印测试标签</translation>
    </message>
    <message>
        <source>Serial ports</source>
        <translation>串口</translation>
    </message>
    <message>
        <source>Run doctor</source>
        <translation>运行诊断</translation>
    </message>
    <message>
        <source>Show log</source>
        <translation>显示日志</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Printer: {state}</source>
        <translation>打印机：{state}</translation>
    </message>
    <message>
        <source>No print queue in this build.</source>
        <translation>此版本没有打印队列。</translation>
    </message>
    <message>
        <source>Test label queued: job {job}</source>
        <translation>测试标签已排队：任务 {job}</translation>
    </message>
    <message>
        <source>No serial ports found.</source>
        <translation>未找到串口。</translation>
    </message>
    <message>
        <source>Running checks…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>No log in memory.</source>
        <translation>内存中没有日志。</translation>
    </message>
</context>
<context>
    <name>FolderPhotos</name>
    <message>
        <source>Take the picture with the camera; it arrives from {folder}.</source>
        <translation>用相机拍照；照片会从 {folder} 自动传入。</translation>
    </message>
    <message>
        <source>The camera folder {folder} cannot be used ({error}). Call IT.</source>
        <translation>无法使用相机文件夹 {folder}（{error}）。请联系 IT。</translation>
    </message>
    <message>
        <source>Waiting for the picture from the camera ({folder}).</source>
        <translation>正在等待相机的照片（{folder}）。</translation>
    </message>
</context>
<context>
    <name>InspectorScreen</name>
    <message>
        <source>Scan the RMA label, order or tracking number — or the item itself.</source>
        <translation>请扫描 RMA 标签、订单号或运单号，或直接扫描商品。</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>已扫描</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU 货号</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>重量</translation>
    </message>
    <message>
        <source>P  take photo</source>
        <translation>P  拍照</translation>
    </message>
    <message>
        <source>Suggested disposition</source>
        <translation>建议处置</translation>
    </message>
    <message>
        <source>Choose a disposition (1-8), type the reason, Enter to apply, Esc to go back.</source>
        <translation>选择处置（1-8），输入原因，按 Enter 应用，按 Esc 返回。</translation>
    </message>
    <message>
        <source>Reason for the override</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <source>On hold — a lead must decide</source>
        <translation>已暂扣 — 需组长决定</translation>
    </message>
    <message>
        <source>Lead badge</source>
        <translation>组长工牌</translation>
    </message>
    <message>
        <source>Lead PIN</source>
        <translation>组长 PIN 码</translation>
    </message>
    <message>
        <source>A  approve     D  deny     Enter  park on the hold shelf</source>
        <translation>A  批准     D  拒绝     Enter  放到暂扣架</translation>
    </message>
    <message>
        <source>Last unit</source>
        <translation>上一件商品</translation>
    </message>
    <message>
        <source>Why does a lead need to look at it?</source>
        <translation>为什么需要组长查看？</translation>
    </message>
    <message>
        <source>Type the code and press Enter</source>
        <translation>输入代码后按 Enter</translation>
    </message>
    <message>
        <source>Esc cancel    F9 escalate    F2 type a code</source>
        <translation>Esc 取消    F9 上报    F2 手动输入</translation>
    </message>
    <message>
        <source>Y / N or 1-9 answer</source>
        <translation>Y / N 或 1-9 回答</translation>
    </message>
    <message>
        <source>P take photo</source>
        <translation>P 拍照</translation>
    </message>
    <message>
        <source>Enter confirm    D other disposition</source>
        <translation>Enter 确认    D 其他处置</translation>
    </message>
    <message>
        <source>Lead: scan badge, PIN, A approve / D deny    Enter park    Esc cancel</source>
        <translation>组长：扫描工牌、输入 PIN、A 批准 / D 拒绝    Enter 暂扣    Esc 取消</translation>
    </message>
    <message>
        <source>Enter confirm</source>
        <translation>Enter 确认</translation>
    </message>
    <message>
        <source>Units on the hold shelf: {count}</source>
        <translation>暂扣架上的商品：{count}</translation>
    </message>
    <message>
        <source>Waiting at this bench: {count}</source>
        <translation>本工位等待中：{count}</translation>
    </message>
    <message>
        <source>{rma} · order {order}</source>
        <translation>{rma} · 订单 {order}</translation>
    </message>
    <message>
        <source>No RMA: unexpected item</source>
        <translation>无 RMA：意外商品</translation>
    </message>
    <message>
        <source>scan the item</source>
        <translation>请扫描商品</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必需</translation>
    </message>
    <message>
        <source>outside tolerance</source>
        <translation>超出公差</translation>
    </message>
    <message>
        <source>weight accepted</source>
        <translation>重量合格</translation>
    </message>
    <message>
        <source>Reason: {reason}    Customer wants: {preference}    Delivered: {date}</source>
        <translation>原因：{reason}    客户要求：{preference}    送达：{date}</translation>
    </message>
    <message>
        <source>Scale: no reading</source>
        <translation>秤：无读数</translation>
    </message>
    <message>
        <source>Scale: {grams}</source>
        <translation>秤：{grams}</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>稳定</translation>
    </message>
    <message>
        <source>Scale: —</source>
        <translation>秤：—</translation>
    </message>
    <message>
        <source>motion</source>
        <translation>晃动</translation>
    </message>
    <message>
        <source>under load</source>
        <translation>欠载</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>超载</translation>
    </message>
    <message>
        <source>scale error</source>
        <translation>秤故障</translation>
    </message>
    <message>
        <source>Question {number} of {total}</source>
        <translation>第 {number} 题，共 {total} 题</translation>
    </message>
    <message>
        <source>Taken: {slots}</source>
        <translation>已拍：{slots}</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>Put it: {destination}</source>
        <translation>放到：{destination}</translation>
    </message>
    <message>
        <source>Grade {grade}</source>
        <translation>等级 {grade}</translation>
    </message>
    <message>
        <source>(fee {pct:g}%)</source>
        <translation>（手续费 {pct:g}%）</translation>
    </message>
    <message>
        <source>due {date}</source>
        <translation>截止 {date}</translation>
    </message>
    <message>
        <source>Refund: {refund}</source>
        <translation>退款：{refund}</translation>
    </message>
    <message>
        <source>Will be held for a lead: {reasons}</source>
        <translation>将暂扣待组长处理：{reasons}</translation>
    </message>
    <message>
        <source>rendering label…</source>
        <translation>正在生成标签…</translation>
    </message>
    <message>
        <source>no preview</source>
        <translation>无预览</translation>
    </message>
    <message>
        <source>Label queued</source>
        <translation>标签已排队</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Label printed</source>
        <translation>标签已打印</translation>
    </message>
    <message>
        <source>Printer problem, retrying: {message}</source>
        <translation>打印机故障，正在重试：{message}</translation>
    </message>
    <message>
        <source>May have printed — check the printer: {message}</source>
        <translation>可能已打印 — 请检查打印机：{message}</translation>
    </message>
    <message>
        <source>Print cancelled</source>
        <translation>打印已取消</translation>
    </message>
    <message>
        <source>Escalate to a lead: type the reason, Enter to hold the unit, Esc to go back.</source>
        <translation>上报组长：输入原因，按 Enter 暂扣商品，按 Esc 返回。</translation>
    </message>
    <message>
        <source>Type the code from the label, then Enter.</source>
        <translation>输入标签上的代码，然后按 Enter。</translation>
    </message>
</context>
<context>
    <name>KpiScreen</name>
    <message>
        <source>units/h</source>
        <translation>件/小时</translation>
    </message>
    <message>
        <source>KPI dashboard</source>
        <translation>KPI 看板</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Top return reasons per SKU and supplier (⚑ = conformity issues above 2%)</source>
        <translation>各 SKU 和供应商的主要退货原因（⚑ = 质量不符超过 2%）</translation>
    </message>
    <message>
        <source>SKU / supplier</source>
        <translation>SKU / 供应商</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Units per hour</source>
        <translation>每小时件数</translation>
    </message>
    <message>
        <source>Receipt to decision (median)</source>
        <translation>收货到决定（中位数）</translation>
    </message>
    <message>
        <source>Restock rate</source>
        <translation>重新入库率</translation>
    </message>
    <message>
        <source>Automatic decisions</source>
        <translation>自动决定</translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation>人工修改</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>Weight mismatches</source>
        <translation>重量不符</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>Unsellable (grade X)</source>
        <translation>不可售（X 级）</translation>
    </message>
    <message>
        <source>Refunds (vs store credit)</source>
        <translation>退款（相对于购物积分）</translation>
    </message>
    <message>
        <source>Recovered value</source>
        <translation>回收价值</translation>
    </message>
    <message>
        <source>Diverted from landfill</source>
        <translation>免于填埋</translation>
    </message>
    <message>
        <source>target {target}</source>
        <translation>目标 {target}</translation>
    </message>
    <message>
        <source>Disposition mix (units)</source>
        <translation>处置分布（件）</translation>
    </message>
    <message>
        <source>Weight by disposition stream (kg)</source>
        <translation>各处置流重量（kg）</translation>
    </message>
    <message>
        <source>Refund vs store credit (units)</source>
        <translation>退款与购物积分（件）</translation>
    </message>
    <message>
        <source>Throughput per operator (units/h)</source>
        <translation>各操作员产能（件/小时）</translation>
    </message>
    <message>
        <source>unexpected item</source>
        <translation>意外商品</translation>
    </message>
    <message>
        <source>No units decided in this period.</source>
        <translation>此期间没有已决定的商品。</translation>
    </message>
    <message>
        <source>Export KPIs</source>
        <translation>导出 KPI</translation>
    </message>
</context>
<context>
    <name>LeadScreen</name>
    <message>
        <source>Holds inbox</source>
        <translation>暂扣收件箱</translation>
    </message>
    <message>
        <source>Queue board</source>
        <translation>队列看板</translation>
    </message>
    <message>
        <source>Drag an RMA to another bench, or select it and press the bench number (0 = unassigned). Intake SLA 24 h, disposition SLA 48 h. Enter on a hold opens it here.</source>
        <translation>把 RMA 拖到其他工位，或选中后按工位编号（0 = 未分配）。收货 SLA 24 小时，处置 SLA 48 小时。在暂扣项上按 Enter 即在此处打开。</translation>
    </message>
    <message>
        <source>Throughput, last 8 hours</source>
        <translation>产能（最近 8 小时）</translation>
    </message>
    <message>
        <source>No units on hold.</source>
        <translation>没有暂扣的商品。</translation>
    </message>
    <message>
        <source>{who}: 1 unit, {rate:.1f} per hour</source>
        <translation>{who}：1 件，每小时 {rate:.1f} 件</translation>
    </message>
    <message>
        <source>{who}: {units} units, {rate:.1f} per hour</source>
        <translation>{who}：{units} 件，每小时 {rate:.1f} 件</translation>
    </message>
    <message>
        <source>No units decided yet.</source>
        <translation>尚无已决定的商品。</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>[{number}] {bench}
waiting {waiting} · held {held} · late {late}</source>
        <translation>[{number}] {bench}
等待 {waiting} · 暂扣 {held} · 超时 {late}</translation>
    </message>
    <message>
        <source>{rma} moved from {old} to {new}.</source>
        <translation>{rma} 已从 {old} 移到 {new}。</translation>
    </message>
    <message>
        <source>Not moved: {error}</source>
        <translation>未移动：{error}</translation>
    </message>
    <message>
        <source>{lpn} · RMA {rma} · bench {station} · by {operator}
Rules: {rules}</source>
        <translation>{lpn} · RMA {rma} · 工位 {station} · 操作员 {operator}
规则：{rules}</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Returns bench — {station}</source>
        <translation>退货检验台 — {station}</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>工牌</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <source>scan your badge</source>
        <translation>扫描工牌</translation>
    </message>
    <message>
        <source>type your PIN, then Enter</source>
        <translation>输入 PIN 码后按 Enter</translation>
    </message>
    <message>
        <source>F12 changes the language.</source>
        <translation>按 F12 切换语言。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Returns bench station — {station}</source>
        <translation>退货检验工位 — {station}</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>检验</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>组长</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Simulate</source>
        <translation>模拟</translation>
    </message>
    <message>
        <source>Not saved: {message}. Try again; if it repeats, call IT.</source>
        <translation>未保存：{message}。请重试；如反复出现请联系 IT。</translation>
    </message>
</context>
<context>
    <name>PhotoSource</name>
    <message>
        <source>The picture could not be saved in {folder} ({error}). Call IT.</source>
        <translation>照片无法保存到 {folder}（{error}）。请联系 IT。</translation>
    </message>
</context>
<context>
    <name>Policy</name>
    <message>
        <source>Does the unit power on and start normally?</source>
        <translation>设备能否正常开机启动？</translation>
    </message>
    <message>
        <source>Is the screen free of cracks and deep scratches? (Y if it has no screen)</source>
        <translation>屏幕是否无裂痕和深划痕？（无屏幕请按 Y）</translation>
    </message>
    <message>
        <source>Are all accessories in the box (charger, cables, manuals)?</source>
        <translation>配件是否齐全（充电器、线缆、说明书）？</translation>
    </message>
    <message>
        <source>Is it reset to factory settings (no account or personal data)? (Y if not applicable)</source>
        <translation>是否已恢复出厂设置（无账户或个人数据）？（不适用请按 Y）</translation>
    </message>
    <message>
        <source>What state is the retail packaging in?</source>
        <translation>零售包装是什么状态？</translation>
    </message>
    <message>
        <source>sealed</source>
        <translation>未拆封</translation>
    </message>
    <message>
        <source>opened</source>
        <translation>已拆封</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Is the unit physically damaged, and if so what caused it?</source>
        <translation>设备是否有物理损坏？如有，原因是什么？</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>carrier</source>
        <translation>承运商</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>manufacturing</source>
        <translation>生产缺陷</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Are the original tags still attached?</source>
        <translation>原吊牌是否仍在？</translation>
    </message>
    <message>
        <source>Has the item been worn (creases, deodorant marks, stretched fabric)?</source>
        <translation>商品是否穿过（褶皱、止汗剂痕迹、面料拉伸）？</translation>
    </message>
    <message>
        <source>Does it have stains or an odour (smoke, perfume, sweat)?</source>
        <translation>是否有污渍或异味（烟味、香水、汗味）？</translation>
    </message>
    <message>
        <source>Is the fabric damaged (tears, holes, broken zip), and if so what caused it?</source>
        <translation>面料是否损坏（撕裂、破洞、拉链坏），如有，原因是什么？</translation>
    </message>
    <message>
        <source>Is the original packaging present and intact?</source>
        <translation>原包装是否齐全完好？</translation>
    </message>
    <message>
        <source>Are all parts and pieces present (check the parts list)?</source>
        <translation>所有零部件是否齐全（核对零件清单）？</translation>
    </message>
    <message>
        <source>Does the item show signs of use (assembled, washed, scuffed)?</source>
        <translation>商品是否有使用痕迹（已组装、已洗、磨损）？</translation>
    </message>
    <message>
        <source>Is the item physically damaged, and if so what caused it?</source>
        <translation>商品是否有物理损坏？如有，原因是什么？</translation>
    </message>
    <message>
        <source>Is the item complete (all parts and accessories present)?</source>
        <translation>商品是否完整（所有零件和配件齐全）？</translation>
    </message>
    <message>
        <source>Does the item show signs of use?</source>
        <translation>商品是否有使用痕迹？</translation>
    </message>
    <message>
        <source>front</source>
        <translation>正面</translation>
    </message>
    <message>
        <source>Front of the unit</source>
        <translation>商品正面</translation>
    </message>
    <message>
        <source>back</source>
        <translation>背面</translation>
    </message>
    <message>
        <source>Back of the unit</source>
        <translation>商品背面</translation>
    </message>
    <message>
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Product label or shipping label</source>
        <translation>商品标签或快递面单</translation>
    </message>
    <message>
        <source>serial plate</source>
        <translation>序列号铭牌</translation>
    </message>
    <message>
        <source>Serial number plate or sticker, readable</source>
        <translation>序列号铭牌或贴纸，需清晰可读</translation>
    </message>
    <message>
        <source>damage closeup</source>
        <translation>损坏特写</translation>
    </message>
    <message>
        <source>Close-up of every damaged area</source>
        <translation>每处损坏部位的特写</translation>
    </message>
    <message>
        <source>accessories</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>All accessories laid out next to the unit</source>
        <translation>所有配件摆放在商品旁</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>吊牌</translation>
    </message>
    <message>
        <source>Tags and care label</source>
        <translation>吊牌和洗涤标签</translation>
    </message>
    <message>
        <source>packaging</source>
        <translation>包装</translation>
    </message>
    <message>
        <source>Packaging as received</source>
        <translation>收到时的包装</translation>
    </message>
    <message>
        <source>contents</source>
        <translation>内容物</translation>
    </message>
    <message>
        <source>Everything that came in the box, laid out</source>
        <translation>盒内所有物品摆开</translation>
    </message>
    <message>
        <source>Hazmat cage (certified disposal)</source>
        <translation>危险品隔离笼（认证处置）</translation>
    </message>
    <message>
        <source>Grade {grade} hazardous goods worth {value} cannot be resold safely, so they are written off to certified disposal in the hazmat cage.</source>
        <translation>等级 {grade}、价值 {value} 的危险品无法安全转售，因此报废并在危险品隔离笼进行认证处置。</translation>
    </message>
    <message>
        <source>Battery recycling drum</source>
        <translation>电池回收桶</translation>
    </message>
    <message>
        <source>Grade {grade} goods with a battery go to the battery recycling drum so the cells are handled safely.</source>
        <translation>含电池的等级 {grade} 商品进入电池回收桶，以便安全处理电芯。</translation>
    </message>
    <message>
        <source>RTV staging: {supplier}</source>
        <translation>退供应商暂存区：{supplier}</translation>
    </message>
    <message>
        <source>{supplier} takes back defective goods under its return agreement, so this grade {grade} unit worth {value} goes to RTV staging for credit.</source>
        <translation>{supplier} 按退货协议回收有缺陷的商品，因此这件等级 {grade}、价值 {value} 的商品送往退供应商暂存区以获得退款。</translation>
    </message>
    <message>
        <source>Restock: electronics A-zone</source>
        <translation>重新上架：电子产品 A 区</translation>
    </message>
    <message>
        <source>Sealed grade A electronics worth {value} go straight back to stock as new.</source>
        <translation>价值 {value}、未拆封的 A 级电子产品直接作为新品重新上架。</translation>
    </message>
    <message>
        <source>Open-box shelf: electronics (function test first)</source>
        <translation>开箱品货架：电子产品（先做功能测试）</translation>
    </message>
    <message>
        <source>Grade A electronics worth {value} in opened packaging are function-tested and sold as open box.</source>
        <translation>价值 {value}、包装已拆开的 A 级电子产品经过功能测试后作为开箱品出售。</translation>
    </message>
    <message>
        <source>Refurb cage: test, wipe and repackage</source>
        <translation>翻新区：测试、清除数据并重新包装</translation>
    </message>
    <message>
        <source>Grade B electronics worth {value} go to refurbishment: tested, wiped and repackaged before resale.</source>
        <translation>价值 {value} 的 B 级电子产品送去翻新：转售前进行测试、清除数据并重新包装。</translation>
    </message>
    <message>
        <source>Refurb cage: repair bench</source>
        <translation>翻新区：维修台</translation>
    </message>
    <message>
        <source>Grade C electronics worth {value} (at least €100.00) are worth repairing, so they go to the refurb repair bench.</source>
        <translation>价值 {value}（至少 €100.00）的 C 级电子产品值得维修，因此送往翻新维修台。</translation>
    </message>
    <message>
        <source>Liquidation pallet: electronics (as is / for parts)</source>
        <translation>清仓托盘：电子产品（原样出售/拆件）</translation>
    </message>
    <message>
        <source>Grade {grade} electronics worth {value} are not worth repairing, so they are liquidated as is or for parts.</source>
        <translation>价值 {value} 的 {grade} 级电子产品不值得维修，因此原样或拆件清仓。</translation>
    </message>
    <message>
        <source>E-waste recycling cage</source>
        <translation>电子废弃物回收笼</translation>
    </message>
    <message>
        <source>Grade X electronics are unsellable, so they go to certified e-waste recycling.</source>
        <translation>X 级电子产品无法销售，因此送往认证的电子废弃物回收。</translation>
    </message>
    <message>
        <source>Restock: apparel pick face</source>
        <translation>重新上架：服装拣货位</translation>
    </message>
    <message>
        <source>Grade A apparel worth {value} is unworn with tags, so it goes straight back to stock.</source>
        <translation>价值 {value} 的 A 级服装未穿过且吊牌齐全，因此直接重新上架。</translation>
    </message>
    <message>
        <source>Apparel rework: steam, re-tag and repack</source>
        <translation>服装返工：熨烫、重新挂牌并重新包装</translation>
    </message>
    <message>
        <source>Grade B apparel worth {value} is steamed, re-tagged and repacked, then restocked.</source>
        <translation>价值 {value} 的 B 级服装经熨烫、重新挂牌和重新包装后重新上架。</translation>
    </message>
    <message>
        <source>Apparel rework: clean, then second-quality rail</source>
        <translation>服装返工：清洗后放二等品衣架</translation>
    </message>
    <message>
        <source>Grade C apparel worth {value} is cleaned and sold as second quality.</source>
        <translation>价值 {value} 的 C 级服装清洗后作为二等品出售。</translation>
    </message>
    <message>
        <source>Donation bin: textiles</source>
        <translation>捐赠箱：纺织品</translation>
    </message>
    <message>
        <source>Grade D apparel cannot be resold but is still wearable, so it is donated.</source>
        <translation>D 级服装无法转售但仍可穿着，因此捐赠。</translation>
    </message>
    <message>
        <source>Textile recycling bale</source>
        <translation>纺织品回收包</translation>
    </message>
    <message>
        <source>Grade X apparel is unsellable and unwearable, so it goes to textile recycling.</source>
        <translation>X 级服装无法销售也无法穿着，因此送往纺织品回收。</translation>
    </message>
    <message>
        <source>Restock: home goods</source>
        <translation>重新上架：家居用品</translation>
    </message>
    <message>
        <source>Grade A home goods worth {value} go straight back to stock as new.</source>
        <translation>价值 {value} 的 A 级家居用品直接作为新品重新上架。</translation>
    </message>
    <message>
        <source>Open-box shelf: home goods</source>
        <translation>开箱品货架：家居用品</translation>
    </message>
    <message>
        <source>Grade B home goods worth {value} are repacked and sold as open box.</source>
        <translation>价值 {value} 的 B 级家居用品重新包装后作为开箱品出售。</translation>
    </message>
    <message>
        <source>Liquidation pallet: home goods</source>
        <translation>清仓托盘：家居用品</translation>
    </message>
    <message>
        <source>Grade C home goods worth {value} (at least €50.00) still fetch a price, so they are liquidated.</source>
        <translation>价值 {value}（至少 €50.00）的 C 级家居用品仍能卖出价格，因此清仓。</translation>
    </message>
    <message>
        <source>Donation bin: home goods</source>
        <translation>捐赠箱：家居用品</translation>
    </message>
    <message>
        <source>Grade {grade} home goods worth {value} are not resellable, so they are donated.</source>
        <translation>价值 {value} 的 {grade} 级家居用品无法转售，因此捐赠。</translation>
    </message>
    <message>
        <source>Recycling: mixed materials</source>
        <translation>回收：混合材料</translation>
    </message>
    <message>
        <source>Grade X home goods are unsellable, so they are recycled.</source>
        <translation>X 级家居用品无法销售，因此回收。</translation>
    </message>
    <message>
        <source>Restock: general</source>
        <translation>重新上架：通用</translation>
    </message>
    <message>
        <source>Grade A {category} goods worth {value} go straight back to stock as new.</source>
        <translation>价值 {value} 的 A 级{category}商品直接作为新品重新上架。</translation>
    </message>
    <message>
        <source>Open-box shelf: general</source>
        <translation>开箱品货架：通用</translation>
    </message>
    <message>
        <source>Grade B {category} goods worth {value} are repacked and sold as open box.</source>
        <translation>价值 {value} 的 B 级{category}商品重新包装后作为开箱品出售。</translation>
    </message>
    <message>
        <source>Liquidation pallet: general</source>
        <translation>清仓托盘：通用</translation>
    </message>
    <message>
        <source>Grade {grade} {category} goods worth {value} cannot be sold through our channels, so they are liquidated.</source>
        <translation>价值 {value} 的 {grade} 级{category}商品无法通过我们的渠道销售，因此清仓。</translation>
    </message>
    <message>
        <source>Grade {grade} {category} goods have no resale route, so they are recycled rather than sent to landfill.</source>
        <translation>{grade} 级{category}商品没有转售途径，因此回收而不是填埋。</translation>
    </message>
    <message>
        <source>No return authorization was found for {sku}, so it is an unexpected item and no refund can be issued until a lead decides.</source>
        <translation>未找到 {sku} 的退货授权，因此这是意外商品，在组长决定之前不能退款。</translation>
    </message>
    <message>
        <source>The scanned order does not match order {order} of RMA {rma}, so there is no proof of purchase and the return is not eligible.</source>
        <translation>扫描的订单与 RMA {rma} 的订单 {order} 不符，因此没有购买凭证，退货不符合条件。</translation>
    </message>
    <message>
        <source>{sku} ({description}) is sold as non-returnable and the reason '{reason}' is not a seller fault, so it is not eligible.</source>
        <translation>{sku}（{description}）按不可退货出售，且原因“{reason}”不是卖方过错，因此不符合条件。</translation>
    </message>
    <message>
        <source>Received {days} days after delivery, beyond the {window}-day return window for '{reason}' returns, so it is not eligible.</source>
        <translation>在交付后 {days} 天收到，超出“{reason}”退货的 {window} 天退货期，因此不符合条件。</translation>
    </message>
    <message>
        <source>Apparel returned for '{reason}' must have its tags attached; the tags were removed, so it is not eligible.</source>
        <translation>因“{reason}”退回的服装必须带吊牌；吊牌已被剪掉，因此不符合条件。</translation>
    </message>
    <message>
        <source>Apparel returned for '{reason}' must be unworn; this item has been worn, so it is not eligible.</source>
        <translation>因“{reason}”退回的服装必须未穿过；此商品已穿过，因此不符合条件。</translation>
    </message>
    <message>
        <source>Home goods returned for '{reason}' must be unused; this item shows signs of use, so it is not eligible.</source>
        <translation>因“{reason}”退回的家居用品必须未使用；此商品有使用痕迹，因此不符合条件。</translation>
    </message>
    <message>
        <source>Electronics returned for '{reason}' must come back in their original packaging; the packaging is missing, so it is not eligible.</source>
        <translation>因“{reason}”退回的电子产品必须使用原包装；包装缺失，因此不符合条件。</translation>
    </message>
    <message>
        <source>RMA {rma} has no delivery date, so the {window}-day return window cannot be checked; the return is accepted.</source>
        <translation>RMA {rma} 没有交付日期，因此无法核对 {window} 天退货期；接受退货。</translation>
    </message>
    <message>
        <source>Received {days} days after delivery, beyond the standard {standard_window}-day window, but '{reason}' returns are accepted for {window} days, so it is eligible.</source>
        <translation>在交付后 {days} 天收到，超出 {standard_window} 天的标准期限，但“{reason}”退货可在 {window} 天内接受，因此符合条件。</translation>
    </message>
    <message>
        <source>Received {days} days after delivery, within the {window}-day return window, so it is eligible.</source>
        <translation>在交付后 {days} 天收到，在 {window} 天退货期内，因此符合条件。</translation>
    </message>
    <message>
        <source>No return authorization matches {sku}: the unit is an unexpected item and needs a lead's decision.</source>
        <translation>没有与 {sku} 匹配的退货授权：该商品为意外商品，需要组长决定。</translation>
    </message>
    <message>
        <source>{sku} is not on RMA {rma}: the customer sent a different item than authorized.</source>
        <translation>{sku} 不在 RMA {rma} 上：客户寄回的商品与授权的不同。</translation>
    </message>
    <message>
        <source>The return is not eligible for a refund: a lead decides whether we keep the unit or send it back to the customer.</source>
        <translation>该退货不符合退款条件：由组长决定保留该商品还是寄回给客户。</translation>
    </message>
    <message>
        <source>{sku} is serialized but no serial number was scanned: scan the serial plate or have a lead approve.</source>
        <translation>{sku} 有序列号，但未扫描到序列号：请扫描铭牌或请组长批准。</translation>
    </message>
    <message>
        <source>Scanned serial {serial} does not match the serial on RMA {rma} ({expected_serials}): the unit may not be the one we shipped.</source>
        <translation>扫描的序列号 {serial} 与 RMA {rma} 上的序列号（{expected_serials}）不符：该商品可能不是我们发出的那件。</translation>
    </message>
    <message>
        <source>The unit is damaged ({code_texts}) and the cause is recorded as '{answer_damage_cause}', not the carrier: a lead must approve the outcome.</source>
        <translation>商品已损坏（{code_texts}），记录的原因为“{answer_damage_cause}”而非承运商：组长必须批准处理结果。</translation>
    </message>
    <message>
        <source>Measured {measured_g} against an expected {expected_g} ± {tolerance_g} ({deviation_g} {weight_status}): parts may be missing, the box may be empty or hold a different item.</source>
        <translation>实测 {measured_g}，预期 {expected_g} ± {tolerance_g}（{deviation_g} {weight_status}）：可能缺少部件，箱子可能是空的或装有其他商品。</translation>
    </message>
    <message>
        <source>The unit is worth {value}, above the €500.00 limit, and is suggested for {disposition}: a lead must approve the loss.</source>
        <translation>该商品价值 {value}，超过 €500.00 的限额，建议处置为{disposition}：组长必须批准该损失。</translation>
    </message>
    <message>
        <source>The risk score is {risk} of 100 (70 or more holds the unit): a lead must review this return.</source>
        <translation>风险评分为 {risk}/100（70 分及以上将扣留商品）：组长必须审核此退货。</translation>
    </message>
    <message>
        <source>Does not power on</source>
        <translation>无法开机</translation>
    </message>
    <message>
        <source>Screen cracked or scratched</source>
        <translation>屏幕破裂或划伤</translation>
    </message>
    <message>
        <source>Accessories missing</source>
        <translation>配件缺失</translation>
    </message>
    <message>
        <source>Not reset to factory settings</source>
        <translation>未恢复出厂设置</translation>
    </message>
    <message>
        <source>Packaging opened</source>
        <translation>包装已拆开</translation>
    </message>
    <message>
        <source>Packaging damaged</source>
        <translation>包装损坏</translation>
    </message>
    <message>
        <source>Packaging missing</source>
        <translation>包装缺失</translation>
    </message>
    <message>
        <source>Physical damage (dents, cracks, breaks)</source>
        <translation>物理损坏（凹痕、裂纹、断裂）</translation>
    </message>
    <message>
        <source>Manufacturing defect</source>
        <translation>制造缺陷</translation>
    </message>
    <message>
        <source>Tags removed</source>
        <translation>吊牌已剪掉</translation>
    </message>
    <message>
        <source>Worn</source>
        <translation>已穿过</translation>
    </message>
    <message>
        <source>Stains or odour</source>
        <translation>污渍或异味</translation>
    </message>
    <message>
        <source>Fabric damaged (tears, holes, broken zip)</source>
        <translation>面料损坏（撕裂、破洞、拉链损坏）</translation>
    </message>
    <message>
        <source>Parts missing</source>
        <translation>部件缺失</translation>
    </message>
    <message>
        <source>Signs of use</source>
        <translation>使用痕迹</translation>
    </message>
    <message>
        <source>The unit does not power on and is physically damaged, so it is grade {grade} (unsellable); findings: {code_texts}.</source>
        <translation>商品无法开机且有物理损坏，因此为 {grade} 级（无法销售）；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The unit does not power on, so it is grade {grade} (parts or salvage); findings: {code_texts}.</source>
        <translation>商品无法开机，因此为 {grade} 级（拆件或残值）；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The screen is cracked or scratched, so the unit is grade {grade}; findings: {code_texts}.</source>
        <translation>屏幕破裂或划伤，因此商品为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The unit is physically damaged (cause: {answer_damage_cause}), so it is grade {grade}; findings: {code_texts}.</source>
        <translation>商品有物理损坏（原因：{answer_damage_cause}），因此为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The unit has a manufacturing defect, so it is grade {grade}; findings: {code_texts}.</source>
        <translation>商品有制造缺陷，因此为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>Accessories are missing, so the unit cannot be sold as new and is grade {grade}; findings: {code_texts}.</source>
        <translation>配件缺失，因此商品不能作为新品出售，为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The unit still holds an account or personal data and must be wiped, so it is grade {grade}; findings: {code_texts}.</source>
        <translation>商品仍保留账户或个人数据，必须清除，因此为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The retail packaging is damaged, so the unit cannot be sold as new and is grade {grade}; findings: {code_texts}.</source>
        <translation>零售包装损坏，因此商品不能作为新品出售，为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The retail packaging is missing, so the unit cannot be sold as new and is grade {grade}; findings: {code_texts}.</source>
        <translation>零售包装缺失，因此商品不能作为新品出售，为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The unit works, is complete and undamaged in opened packaging, so it is grade {grade} (like new, open box).</source>
        <translation>商品工作正常、完整且无损坏，包装已拆开，因此为 {grade} 级（如新，开箱品）。</translation>
    </message>
    <message>
        <source>The unit works, is complete, undamaged and sealed, so it is grade {grade} (like new).</source>
        <translation>商品工作正常、完整、无损坏且未拆封，因此为 {grade} 级（如新）。</translation>
    </message>
    <message>
        <source>The item is both stained and damaged, so it is grade {grade} (unsellable); findings: {code_texts}.</source>
        <translation>商品既有污渍又有损坏，因此为 {grade} 级（无法销售）；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The fabric is damaged (cause: {answer_damage_cause}), so the item is grade {grade}; findings: {code_texts}.</source>
        <translation>面料损坏（原因：{answer_damage_cause}），因此商品为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The item has a manufacturing defect, so it is grade {grade}; findings: {code_texts}.</source>
        <translation>商品有制造缺陷，因此为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The item has stains or an odour and must be cleaned, so it is grade {grade}; findings: {code_texts}.</source>
        <translation>商品有污渍或异味，需要清洗，因此为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The item has been worn, so it cannot be sold as new and is grade {grade}; findings: {code_texts}.</source>
        <translation>商品已穿过，不能作为新品出售，为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The tags were removed and must be replaced, so the item is grade {grade}; findings: {code_texts}.</source>
        <translation>吊牌已剪掉，需要更换，因此商品为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The item is unworn, clean, undamaged and has its tags, so it is grade {grade} (like new).</source>
        <translation>商品未穿过、干净、无损坏且吊牌齐全，因此为 {grade} 级（如新）。</translation>
    </message>
    <message>
        <source>The item is both damaged and incomplete, so it is grade {grade} (unsellable); findings: {code_texts}.</source>
        <translation>商品既有损坏又不完整，因此为 {grade} 级（无法销售）；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>Parts are missing, so the item is grade {grade} (parts or salvage); findings: {code_texts}.</source>
        <translation>部件缺失，因此商品为 {grade} 级（拆件或残值）；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The item is physically damaged (cause: {answer_damage_cause}), so it is grade {grade}; findings: {code_texts}.</source>
        <translation>商品有物理损坏（原因：{answer_damage_cause}），因此为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The item shows signs of use, so it cannot be sold as new and is grade {grade}; findings: {code_texts}.</source>
        <translation>商品有使用痕迹，不能作为新品出售，为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The original packaging is damaged or missing, so the item is grade {grade}; findings: {code_texts}.</source>
        <translation>原包装损坏或缺失，因此商品为 {grade} 级；检查结果：{code_texts}。</translation>
    </message>
    <message>
        <source>The item is unused, complete, undamaged and in intact packaging, so it is grade {grade} (like new).</source>
        <translation>商品未使用、完整、无损坏且包装完好，因此为 {grade} 级（如新）。</translation>
    </message>
    <message>
        <source>The return is not eligible, so no refund is due for this unit worth {value}; a lead decides what happens to it.</source>
        <translation>该退货不符合条件，因此这件价值 {value} 的商品不予退款；由组长决定如何处理。</translation>
    </message>
    <message>
        <source>The customer asked for an exchange and the return is eligible, so a replacement ships by {due}.</source>
        <translation>客户要求换货且退货符合条件，因此替换商品将于 {due} 前发出。</translation>
    </message>
    <message>
        <source>The customer asked for store credit, so {value} is credited within 24 hours, by {due}.</source>
        <translation>客户要求商店积分，因此 {value} 将在 24 小时内、{due} 前入账。</translation>
    </message>
    <message>
        <source>The return is our fault ('{reason}'), so the full {value} is refunded by {due}.</source>
        <translation>退货是我们的过错（“{reason}”），因此全额 {value} 将于 {due} 前退还。</translation>
    </message>
    <message>
        <source>The customer no longer needs the item and it cannot be resold as new (grade {grade}), so {refund_amount} is refunded by {due} after a {fee} restocking fee of {fee_amount}.</source>
        <translation>客户不再需要该商品，且无法作为新品转售（{grade} 级），因此扣除 {fee} 的重新上架费 {fee_amount} 后，于 {due} 前退还 {refund_amount}。</translation>
    </message>
    <message>
        <source>The item came back for '{reason}' in grade {grade}, so {refund_amount} is refunded by {due} after a {fee} restocking fee of {fee_amount}.</source>
        <translation>商品因“{reason}”退回，等级为 {grade}，因此扣除 {fee} 的重新上架费 {fee_amount} 后，于 {due} 前退还 {refund_amount}。</translation>
    </message>
    <message>
        <source>The return is eligible, so the full {value} is refunded by {due}.</source>
        <translation>退货符合条件，因此全额 {value} 将于 {due} 前退还。</translation>
    </message>
    <message>
        <source>no due date</source>
        <translation>无截止日期</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>under</source>
        <translation>偏轻</translation>
    </message>
    <message>
        <source>over</source>
        <translation>偏重</translation>
    </message>
    <message>
        <source>electronics</source>
        <translation>电子产品</translation>
    </message>
    <message>
        <source>apparel</source>
        <translation>服装</translation>
    </message>
    <message>
        <source>home</source>
        <translation>家居</translation>
    </message>
    <message>
        <source>toys</source>
        <translation>玩具</translation>
    </message>
    <message>
        <source>beauty</source>
        <translation>美妆</translation>
    </message>
</context>
<context>
    <name>QtCamera</name>
    <message>
        <source>No camera{wanted} found — check its cable. Using the test pattern: P takes a test picture.</source>
        <translation>未找到相机{wanted}——请检查连接线。正在使用测试图：按 P 拍测试照片。</translation>
    </message>
    <message>
        <source>Live: {camera}. P takes the picture.</source>
        <translation>实时画面：{camera}。按 P 拍照。</translation>
    </message>
    <message>
        <source>Camera failed ({error}) — using the test pattern. Call IT if it repeats.</source>
        <translation>相机故障（{error}）——正在使用测试图。如再次发生，请联系 IT。</translation>
    </message>
    <message>
        <source>The picture was not taken ({error}). Press P again.</source>
        <translation>照片未拍成（{error}）。请再按一次 P。</translation>
    </message>
    <message>
        <source>The camera is not ready yet — press P again.</source>
        <translation>相机尚未就绪——请再按一次 P。</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Settings — saved to {path}</source>
        <translation>设置 — 保存到 {path}</translation>
    </message>
    <message>
        <source>Station and hub</source>
        <translation>工位与中心服务器</translation>
    </message>
    <message>
        <source>Devices and printer</source>
        <translation>设备与打印机</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Station id</source>
        <translation>工位编号</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>工位名称</translation>
    </message>
    <message>
        <source>Hub URL</source>
        <translation>中心服务器地址</translation>
    </message>
    <message>
        <source>Verify TLS</source>
        <translation>验证 TLS</translation>
    </message>
    <message>
        <source>Enrollment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>扫描枪</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>秤</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>spooler queue</source>
        <translation>打印队列</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close the station (lead)</source>
        <translation>关闭工位（组长）</translation>
    </message>
    <message>
        <source>one-time code from the hub</source>
        <translation>来自中心服务器的一次性代码</translation>
    </message>
    <message>
        <source>Not saved: {error}</source>
        <translation>未保存：{error}</translation>
    </message>
    <message>
        <source>Saved. Device, hub and station changes apply at the next start; the language applies now.</source>
        <translation>已保存。设备、中心服务器和工位的更改在下次启动时生效；语言立即生效。</translation>
    </message>
</context>
<context>
    <name>SimulatePanel</name>
    <message>
        <source>Simulate devices (demo)</source>
        <translation>模拟设备（演示）</translation>
    </message>
    <message>
        <source>Scan RMA label</source>
        <translation>扫描 RMA 标签</translation>
    </message>
    <message>
        <source>Scan item barcode</source>
        <translation>扫描商品条码</translation>
    </message>
    <message>
        <source>Scale: item weight</source>
        <translation>秤：商品重量</translation>
    </message>
    <message>
        <source>Scale: light box</source>
        <translation>秤：过轻的箱子</translation>
    </message>
    <message>
        <source>Scale: lift off</source>
        <translation>秤：拿下</translation>
    </message>
    <message>
        <source>Camera: test photo</source>
        <translation>相机：测试照片</translation>
    </message>
    <message>
        <source>Next parcel</source>
        <translation>下一个包裹</translation>
    </message>
    <message>
        <source>Reload parcels</source>
        <translation>重新加载包裹</translation>
    </message>
    <message>
        <source>any code, e.g. B2001 or RMA-0000001</source>
        <translation>任意代码，例如 B2001 或 RMA-0000001</translation>
    </message>
    <message>
        <source>Scan this text</source>
        <translation>扫描此文本</translation>
    </message>
</context>
<context>
    <name>TestPattern</name>
    <message>
        <source>Test pattern: P takes a test picture.</source>
        <translation>测试图：按 P 拍测试照片。</translation>
    </message>
    <message>
        <source>{error} — using the test pattern until IT fixes it.</source>
        <translation>{error}——在 IT 修复前使用测试图。</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>暂扣</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>restock</source>
        <translation>重新入库</translation>
    </message>
    <message>
        <source>refurbish</source>
        <translation>翻新</translation>
    </message>
    <message>
        <source>resell open box</source>
        <translation>开箱转售</translation>
    </message>
    <message>
        <source>liquidate</source>
        <translation>清仓处理</translation>
    </message>
    <message>
        <source>donate</source>
        <translation>捐赠</translation>
    </message>
    <message>
        <source>recycle</source>
        <translation>回收利用</translation>
    </message>
    <message>
        <source>write off</source>
        <translation>报废</translation>
    </message>
    <message>
        <source>return to vendor</source>
        <translation>退回供应商</translation>
    </message>
    <message>
        <source>A like new</source>
        <translation>A 如新</translation>
    </message>
    <message>
        <source>B good</source>
        <translation>B 良好</translation>
    </message>
    <message>
        <source>C fair</source>
        <translation>C 一般</translation>
    </message>
    <message>
        <source>D parts/salvage</source>
        <translation>D 拆件</translation>
    </message>
    <message>
        <source>X unsellable</source>
        <translation>X 不可售</translation>
    </message>
    <message>
        <source>full refund</source>
        <translation>全额退款</translation>
    </message>
    <message>
        <source>refund less restocking fee</source>
        <translation>扣除重新上架费后退款</translation>
    </message>
    <message>
        <source>store credit</source>
        <translation>购物积分</translation>
    </message>
    <message>
        <source>exchange</source>
        <translation>换货</translation>
    </message>
    <message>
        <source>deny refund</source>
        <translation>拒绝退款</translation>
    </message>
    <message>
        <source>defective</source>
        <translation>有缺陷</translation>
    </message>
    <message>
        <source>not as described</source>
        <translation>与描述不符</translation>
    </message>
    <message>
        <source>wrong item</source>
        <translation>发错商品</translation>
    </message>
    <message>
        <source>size mismatch</source>
        <translation>尺码不符</translation>
    </message>
    <message>
        <source>colour mismatch</source>
        <translation>颜色不符</translation>
    </message>
    <message>
        <source>fulfilment error</source>
        <translation>发货错误</translation>
    </message>
    <message>
        <source>damaged in transit</source>
        <translation>运输中损坏</translation>
    </message>
    <message>
        <source>no longer needed</source>
        <translation>不再需要</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>暂扣</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>模拟</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>test pattern</source>
        <translation>测试图</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
</TS>