/** Simplified Chinese, the default UI language. */
export const zhCN = {
  app: { title: '城管智能调度平台', driverTitle: '司机端', lang: 'EN', langName: '中文' },
  auth: {
    title: '登录', username: '用户名', password: '密码', signIn: '登录', signingIn: '登录中…', signOut: '退出',
    expired: '登录已失效，请重新登录', hint: '司机请用车辆编号登录（如 kw-01）',
    role: { admin: '管理员', dispatcher: '调度员', manager: '管理人员', driver: '司机', device: '设备' },
    readOnly: '只读', watching: '查看 {id} 的司机端（只读）',
  },
  conn: { connected: '已连接', connecting: '连接中…', disconnected: '已断开' },
  fleet: { all: '全部', sweeper: '清扫车', tow: '拖车', kitchen: '餐厨车', squad: '执法中队' },
  status: {
    idle: '空闲', enroute: '前往中', working: '作业中', towing: '拖运中',
    unloading: '卸载中', broken: '故障', offline: '离线',
  },
  incidentType: {
    illegal_parking: '机动车违停', two_wheeler_parking: '非机动车乱停', illegal_dumping: '乱倒垃圾',
    road_debris: '道路遗撒', street_vending: '占道经营',
  },
  incidentShort: {
    illegal_parking: '违停', two_wheeler_parking: '两轮', illegal_dumping: '倾倒',
    road_debris: '遗撒', street_vending: '摊贩',
  },
  incidentStatus: {
    accepted: '已受理', dispatched: '已派遣', on_scene: '处置中', handled: '已处置',
    closed: '已结案', cancelled: '已撤销',
  },
  stopKind: {
    incident: '案件', restaurant: '餐馆', depot: '车场', plant: '处理厂', impound: '停车场',
    segment: '路段', post: '岗点',
  },
  panel: { fleet: '车辆', incidents: '案件队列', assignments: '任务看板' },
  kpi: {
    coverage: '作业覆盖率', meanResponse: '平均响应', onTime: '按时率', kitchen: '餐厨收运',
    open: '待办案件', fixes: '定位/秒', replans: '重排次数', active: '在线车辆', min: '分钟',
  },
  vehicle: {
    search: '搜索车号/车牌', none: '没有匹配的车辆', load: '载荷', version: '任务版本',
    acked: '已确认', waiting: '待确认', nextStops: '后续站点', eta: '预计', noAssignment: '暂无任务',
    stops: '{n} 个站点', route: '路线', close: '关闭', plate: '车牌', speed: '速度',
    lastFix: '最近定位', reason: '原因', problems: '故障/离线', showing: '显示 {shown} / {total}',
  },
  incident: {
    none: '暂无案件', unassigned: '未派遣', late: '超时', deadline: '时限', assigned: '处置单位',
    new: '新建案件', type: '类型', plate: '车牌', description: '描述', pick: '在地图上点击以选择位置',
    picked: '位置已选', submit: '提交', cancel: '取消', created: '案件已创建：{id}', failed: '创建失败：{error}',
    source: '来源', arrived: '到场时间',
    location: '地点（未在地图上选点时）', locationHint: '道路、网格或地名', contact: '举报人联系方式（脱敏保存）', photos: '照片链接',
  },
  board: { vehicle: '车辆', version: '版本', stops: '站点', ack: '确认', reason: '原因', none: '暂无任务' },
  reason: {
    initial: '初始计划', restart: '系统重启', incident: '新案件', breakdown: '车辆故障', repaired: '故障修复',
    full: '车辆满载', 'truck-full': '车辆满载', request: '新增请求', unloaded: '卸载完成', 'case-closed': '案件结案',
    'truck-free': '拖车空闲', return: '返回驻地', replan: '重新规划', shift: '班次开始', takeover: '接管调度',
    posts: '中队布岗', pin: '调度员指定', behind: '清扫进度落后',
  },
  unit: { kg: 'kg', cars: '辆', m: '米', none: '' },
  driver: {
    version: '任务版本', next: '下一站', ack: '确认收到', acked: '已确认', acking: '确认中…',
    newVersion: '新任务 v{v}，请确认', departAt: '{time} 出发', noAssignment: '等待调度下发任务…', route: '行驶顺序', done: '已完成',
    ackFailed: '确认失败：{error}', distance: '里程', duration: '时长', segments: '{n} 条路段', position: '当前位置', doneCount: '已完成 {n} 站', unknownVehicle: '未知车辆：{id}，请核对链接',
  },
  coverage: {
    title: '作业覆盖率', csv: '导出CSV', unavailable: '覆盖率暂不可用', swept: '已清扫 {swept} / 计划 {planned} 公里',
    chart: '本班次覆盖率变化', class: { arterial: '主干道', collector: '次干道', local: '支路', alley: '街巷' },
  },
  pin: {
    pin: '指定', unpin: '取消指定', choose: '选择单位…', cost: '超时 +{late} 分钟，行驶 +{drive} 分钟', hint: '指定由某一单位处置（调度员优先）',
    costHint: '与不指定时的最优方案相比增加的响应/超时代价',
  },
  lateReason: { no_unit_free: '无空闲单位', travel: '在途时间', handling: '现场处置', follow_up: '反馈结案' },
  report: {
    title: '案件统计', days: '近 {n} 天', cases: '案件', onTime: '限时办结率', arrivedOnTime: '按时到场',
    mean: '平均响应', p95: '95% 响应', tows: '拖车数', perDay: '每日拖车', histogram: '响应时间分布',
    cells: '网格', late: '超时原因', csv: '导出CSV', loading: '加载中…', failed: '统计加载失败：{error}', min: '分钟', none: '暂无数据',
  },
} as const;
