"""The documents' own words in Vietnamese and English, and how numbers and dates are written.

Questionnaire texts come from the questionnaire (`Text.get(lang)`); this module holds only what the
documents add around them. Vietnamese writes 72,5 and 1.250 (comma decimals, dot thousands), and an
administrative date reads "ngày 25 tháng 11 năm 2025", so numbers are formatted here, not by the locale
of whatever machine renders the document.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import Any

from scoring.engine import level_info
from scoring.models import ModelFile
from scoring.plans import Target

WORDS: dict[str, tuple[str, str]] = {
    # administrative header
    "republic": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "report": ("BÁO CÁO", "REPORT"),
    "agency_title": ("TỰ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ BÁO CHÍ NĂM {year}",
                     "PRESS DIGITAL-TRANSFORMATION SELF-ASSESSMENT, {year}"),
    "province_title": ("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ BÁO CHÍ NĂM {year}",
                       "PRESS DIGITAL-TRANSFORMATION INDICATORS, {year}"),
    "page": ("Trang {x}/{y}", "Page {x}/{y}"),
    "generated": ("Lập lúc {when}", "Generated {when}"),
    "status": ("Trạng thái", "Status"),
    # statuses
    "st_draft": ("Đang soạn", "Draft"),
    "st_submitted": ("Đã nộp", "Submitted"),
    "st_returned": ("Trả lại để chỉnh sửa", "Returned for correction"),
    "st_not_started": ("Chưa bắt đầu", "Not started"),
    # results
    "overall": ("Chỉ số tổng thể", "Overall index"),
    "level": ("Mức", "Level"),
    "index": ("Chỉ số", "Index"),
    "domain": ("Lĩnh vực", "Domain"),
    "weight": ("Trọng số", "Weight"),
    "previous": ("Năm trước", "Last year"),
    "change": ("Thay đổi", "Change"),
    "points": ("điểm", "points"),
    "out_of_100": ("/100 điểm", "/100 points"),
    "no_index": ("chưa có", "none"),
    "capped": ("Giới hạn mức: {reason}", "Level capped: {reason}"),
    "strongest": ("Điểm mạnh", "Strengths"),
    "weakest": ("Cần cải thiện", "To improve"),
    "score": ("Điểm", "Score"),
    "question": ("Câu hỏi", "Question"),
    "answer": ("Trả lời", "Answer"),
    "na_reason": ("Lý do không áp dụng", "N/A reason"),
    "evidence": ("Minh chứng", "Evidence"),
    "evidence_note": ("Minh chứng: ghi chú", "Evidence: note"),
    "evidence_link": ("Minh chứng: liên kết", "Evidence: link"),
    "evidence_file": ("Minh chứng: tệp", "Evidence: file"),
    "recommendation": ("Kiến nghị", "Recommendation"),
    "gain_overall": ("Tăng chỉ số tổng thể", "Overall index gain"),
    "gain_domain": ("Tăng chỉ số lĩnh vực", "Domain index gain"),
    "generic_reco": ("Nâng mức đáp ứng của nội dung này.", "Raise the agency's answer on this item."),
    "more_recos": ("… và {n} nội dung khác (xem tệp Excel).", "… and {n} more (see the Excel file)."),
    "none_left": ("Không còn nội dung nào dưới điểm tối đa.", "Every item is at its full score."),
    # question statuses (scoring.engine.Status)
    "q_counted": ("Tính điểm", "Counted"),
    "q_unanswered": ("Chưa trả lời (0 điểm)", "Not answered (scores 0)"),
    "q_hidden": ("Không đủ điều kiện (0 điểm)", "Prerequisite missing (scores 0)"),
    "q_missing_evidence": ("Thiếu minh chứng bắt buộc (0 điểm)", "Required evidence missing (scores 0)"),
    "q_na": ("Không áp dụng (có lý do)", "N/A (reason given)"),
    "q_not_applicable": ("Không áp dụng với loại hình cơ quan", "Does not apply to this agency"),
    "q_unscored": ("Không tính điểm", "Not scored"),
    # indicators
    "indicator": ("Chỉ tiêu", "Indicator"),
    "indicators": ("Chỉ tiêu", "Indicators"),
    "measure": ("Cách tính", "Measure"),
    "numerator": ("Tử số", "Numerator"),
    "denominator": ("Mẫu số", "Denominator"),
    "value": ("Giá trị", "Value"),
    "target": ("Chỉ tiêu năm", "Year's target"),
    "result": ("Kết quả", "Result"),
    "gap": ("Còn thiếu", "Gap"),
    "met": ("Đạt", "Met"),
    "not_met": ("Chưa đạt", "Not met"),
    "not_applicable": ("Không áp dụng", "Not applicable"),
    "no_target": ("Không có chỉ tiêu năm", "No target this year"),
    "no_data": ("Chưa có số liệu", "No data"),
    "provisional_met": ("Tạm tính: đủ mức trên các phiếu đã nộp", "Provisional: at the target on what was sent"),
    "provisional_not_met": ("Tạm tính: chưa đạt", "Provisional: not met"),
    "provisional_note": ("Kết quả tạm tính: mới {n}/{total} cơ quan nộp phiếu, chưa kết luận đạt chỉ tiêu.",
                         "Provisional: only {n} of {total} agencies have submitted; no indicator is called met yet."),
    "why": ("Căn cứ", "Why"),
    "applies_when": ("Áp dụng khi", "Applies when"),
    "rule": ("Điều kiện đạt", "Met when"),
    "own_ratio": ("Tỷ lệ của cơ quan", "Agency's own ratio"),
    "passed": ("đạt", "holds"),
    "failed": ("không đạt", "fails"),
    "counted_in": ("Được tính", "Counted"),
    "reason": ("Lý do không được tính", "Why not counted"),
    "not_counted": ("Không được tính", "Not counted"),
    "reason_not_submitted": ("Chỉ tổng hợp báo cáo đã nộp; trạng thái: {status}",
                             "Only submitted assessments count; status: {status}"),
    "reason_not_applicable": ("Chỉ tiêu không áp dụng với cơ quan", "The indicator does not apply"),
    "reason_no_data": ("Mẫu số bằng 0 (chưa có số liệu)", "Denominator is 0 (no figures)"),
    "needs_proof": ("được tính khi có minh chứng", "counts once proof is attached"),
    "urban_rural": ("thành thị/nông thôn", "urban/rural"),
    "rural_share": ("tỷ trọng nông thôn", "rural share"),
    "unit_agencies": ("cơ quan", "agencies"),
    "unit_agency": ("cơ quan", "agency"),
    "unit_people": ("người", "people"),
    "unit_person": ("người", "person"),
    "unit_reach": ("lượt thụ hưởng ở nông thôn", "rural reach units"),
    "unit_reach_one": ("lượt thụ hưởng ở nông thôn", "rural reach unit"),
    "num_den": ("Tử số/mẫu số", "Numerator / denominator"),
    "agency_footer": ("Báo cáo tự đánh giá mức độ chuyển đổi số báo chí năm {year}",
                      "Press digital-transformation self-assessment, {year}"),
    "held": ("duy trì mức {year}", "held at the {year} level"),
    "target_held_series": ("Chỉ tiêu duy trì", "Target held"),
    "gap_more": ("cần thêm {n} {unit}", "{n} more {unit} needed"),
    "gap_never": ("không thể đạt với mẫu số hiện tại", "cannot be met with the current denominator"),
    # sections of the agency PDF
    "sec_overall": ("KẾT QUẢ CHUNG", "OVERALL RESULT"),
    "sec_domains": ("KẾT QUẢ THEO LĨNH VỰC", "RESULTS BY DOMAIN"),
    "sec_strengths": ("ĐIỂM MẠNH VÀ NỘI DUNG CẦN CẢI THIỆN", "STRENGTHS AND ITEMS TO IMPROVE"),
    "sec_recos": ("KIẾN NGHỊ (THEO MỨC TĂNG CHỈ SỐ TỔNG THỂ)", "RECOMMENDATIONS (BY OVERALL INDEX GAIN)"),
    "sec_plan": ("ĐÓNG GÓP VÀO CÁC CHỈ TIÊU CỦA KẾ HOẠCH", "CONTRIBUTION TO THE PLAN'S INDICATORS"),
    "sec_annex": ("PHỤ LỤC: CÁC CÂU TRẢ LỜI", "ANNEX: ALL ANSWERS"),
    "annex": ("Phụ lục", "Annex"),
    "agency": ("Cơ quan báo chí", "Press agency"),
    "agency_id": ("Mã cơ quan", "Agency id"),
    "year": ("Năm", "Year"),
    "plan": ("Kế hoạch", "Plan"),
    "department": ("Cơ quan quản lý", "Department"),
    "province": ("Tỉnh", "Province"),
    "vs_previous": ("so với năm trước: {delta} điểm", "{delta} points on last year"),
    "first_year": ("chưa có kết quả năm trước", "no result for last year"),
    # province PDF
    "sec_indicators": ("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {year}", "THE INDICATORS IN {year}"),
    "sec_trajectories": ("DIỄN BIẾN CÁC CHỈ TIÊU QUA CÁC NĂM", "THE INDICATORS OVER THE YEARS"),
    "sec_agencies": ("KẾT QUẢ TỰ ĐÁNH GIÁ CỦA CÁC CƠ QUAN BÁO CHÍ", "THE AGENCIES' SELF-ASSESSMENTS"),
    "sec_heatmap": ("Chỉ số theo lĩnh vực của từng cơ quan", "Domain indices by agency"),
    "jump": ("thay đổi lớn so với năm trước: {change} điểm", "large change on last year: {change} points"),
    "heatmap_jumps": ("▲▼: chỉ số thay đổi từ {n} điểm trở lên so với năm trước (ô có viền đậm).",
                      "▲▼: the index moved {n} points or more since last year (ringed cells)."),
    "kind": ("Loại hình", "Type"),
    # {province} is the site's name as written ("Tỉnh Vĩnh Long", "Vĩnh Long province"): no second "tỉnh"
    "ppc": ("ỦY BAN NHÂN DÂN {province}", "PEOPLE'S COMMITTEE OF {province}"),
    "agencies_total": ("Số cơ quan báo chí", "Press agencies"),
    "agencies_in_aggregate": ("Số cơ quan được tổng hợp", "Agencies in the aggregate"),
    "agency_name": ("Tên cơ quan", "Agency name"),
    "no_agencies": ("Chưa có cơ quan nào.", "No agencies yet."),
    "province_footer": ("Báo cáo kết quả thực hiện chỉ tiêu chuyển đổi số báo chí năm {year}",
                        "Press digital-transformation indicators, {year}"),
    "submitted_at": ("Ngày nộp", "Submitted on"),
    "agencies_counted": ("Số liệu tổng hợp từ {n}/{total} cơ quan đã nộp báo cáo.",
                         "Figures aggregated from the {n} of {total} agencies that submitted."),
    "actual": ("Thực hiện", "Actual"),
    "target_series": ("Chỉ tiêu", "Target"),
    "series": ("Chuỗi", "Series"),
    "rural_note": ("Chỉ tiêu 6: giá trị là tỷ trọng nông thôn; đạt khi không thấp hơn tỷ trọng nông thôn "
                   "của chỉ tiêu.",
                   "Indicator 6: the value is the rural share; met when at least the target's rural share."),
    # spreadsheet sheets and columns
    "sh_summary": ("Tổng hợp", "Summary"),
    "sh_domains": ("Lĩnh vực", "Domains"),
    "sh_indicators": ("Chỉ tiêu", "Indicators"),
    "sh_answers": ("Câu trả lời", "Answers"),
    "sh_recos": ("Kiến nghị", "Recommendations"),
    "sh_agencies": ("Cơ quan", "Agencies"),
    "question_id": ("Mã câu hỏi", "Question id"),
    "indicator_id": ("Mã chỉ tiêu", "Indicator id"),
    "domain_id": ("Mã lĩnh vực", "Domain id"),
    "value_code": ("Giá trị (mã)", "Value (code)"),
    "q_status": ("Tình trạng tính điểm", "Scoring status"),
    "contribution": ("Điểm đóng góp", "Points contributed"),
    "gain": ("Điểm còn có thể tăng", "Points still available"),
    "raw_index": ("Chỉ số trước giới hạn", "Index before caps"),
    "caps": ("Giới hạn áp dụng", "Caps applied"),
    "applicable": ("Áp dụng", "Applicable"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "section": ("Nhóm", "Section"),
    "profile": ("Thông tin chung", "Profile"),
    "rank": ("TT", "#"),
    "counted_status": ("Tính vào tổng hợp", "In the aggregate"),
    "generated_at": ("Thời điểm lập", "Generated at"),
    "questionnaire_version": ("Phiên bản bộ câu hỏi", "Questionnaire version"),
    # the annual report as an administrative document (reports/docx_report.py, reports/assessment_draft.py)
    "doc_number": ("Số: {blank}/BC-{symbol}", "No.: {blank}/BC-{symbol}"),
    "doc_summary": ("Kết quả thực hiện Kế hoạch chuyển đổi số báo chí năm {year}",
                    "Results of the press digital-transformation plan in {year}"),
    "doc_to": ("Kính gửi:", "To:"),
    "doc_recipients": ("Nơi nhận:", "Recipients:"),
    "doc_opening": ("Thực hiện {plan}, {issuer} báo cáo kết quả thực hiện các chỉ tiêu chuyển đổi số báo chí "
                    "năm {year} trên địa bàn tỉnh như sau:",
                    "Under {plan}, {issuer} reports the province's press digital-transformation indicators in "
                    "{year} as follows:"),
    "doc_closing": ("{issuer} kính báo cáo./.", "Respectfully submitted by {issuer}."),
    "doc_sec_assessment": ("ĐÁNH GIÁ CHUNG", "ASSESSMENT"),
    "doc_annex_agencies": ("Kết quả tự đánh giá của từng cơ quan", "Each agency's self-assessment"),
    "as_achieved": ("Kết quả đạt được", "Results achieved"),
    "as_shortfalls": ("Tồn tại, hạn chế", "Shortcomings"),
    "as_causes": ("Nguyên nhân", "Causes"),
    "as_changes": ("Biến động so với năm {prev}", "Changes since {prev}"),
    "as_proposals": ("KIẾN NGHỊ, ĐỀ XUẤT", "RECOMMENDATIONS AND PROPOSALS"),
    "dr_counted": ("Năm {year}, {n}/{total} cơ quan báo chí đã nộp báo cáo tự đánh giá; các số liệu dưới đây "
                   "tổng hợp từ các cơ quan này.",
                   "In {year}, {n} of {total} press agencies submitted their self-assessment; the figures below "
                   "are aggregated from them."),
    "dr_met_intro": ("Đạt {n}/{m} chỉ tiêu của kế hoạch năm {year}:", "{n} of the {m} targets for {year} met:"),
    "dr_met_intro_provisional": ("Tạm tính, chưa kết luận đạt: {n}/{m} chỉ tiêu của kế hoạch năm {year} đủ mức "
                                 "trên các phiếu đã nộp:",
                                 "Provisional, not yet met: {n} of the {m} targets for {year} are at their level "
                                 "on what was sent:"),
    "dr_met_line": ("- {label}: đạt {value} ({fraction}), chỉ tiêu năm {target}.",
                    "- {label}: {value} ({fraction}) against a target of {target}."),
    "dr_none_met": ("Chưa đạt chỉ tiêu nào trong {m} chỉ tiêu của kế hoạch năm {year}.",
                    "None of the {m} targets for {year} is met."),
    "dr_all_met": ("Tất cả các chỉ tiêu của kế hoạch năm {year} đều đạt.", "Every target for {year} is met."),
    "dr_not_met_line": ("- {label}: đạt {value} ({fraction}), chỉ tiêu năm {target}; {gap}.",
                        "- {label}: {value} ({fraction}) against a target of {target}; {gap}."),
    "dr_no_data_line": ("- {label}: chưa có số liệu (chưa có cơ quan thuộc diện áp dụng nộp báo cáo).",
                        "- {label}: no figures (no agency it applies to has submitted)."),
    "dr_missing": ("- {n} cơ quan chưa được tổng hợp (chưa nộp hoặc bị trả lại báo cáo): {names}.",
                   "- {n} agencies not in the figures (not submitted, or returned): {names}."),
    "dr_no_shortfalls": ("Không có chỉ tiêu nào chưa đạt.", "No target is missed."),
    "dr_cause_count": ("- {label}: các cơ quan chưa đáp ứng: {names}.", "- {label}: not met by {names}."),
    "dr_cause_ratio": ("- {label}: tỷ lệ thấp nhất ở {items}.", "- {label}: lowest at {items}."),
    "dr_no_causes": ("Không có chỉ tiêu nào chưa đạt do cơ quan chưa đáp ứng.",
                     "No missed target is held back by an agency."),
    "dr_change_line": ("- {label}: {before} (năm {prev}) → {now} (năm {year}), {delta} điểm phần trăm{verdict}.",
                       "- {label}: {before} ({prev}) → {now} ({year}), {delta} percentage points{verdict}."),
    "dr_became_met": ("; chuyển từ chưa đạt sang đạt", "; now met, missed before"),
    "dr_became_unmet": ("; chuyển từ đạt sang chưa đạt", "; now missed, met before"),
    "dr_no_previous": ("Chưa có số liệu năm {prev} để so sánh.", "No figures for {prev} to compare with."),
    "dr_proposal_intro": ("Để đạt các chỉ tiêu năm {year} của kế hoạch, đề xuất:",
                          "To meet the plan's targets for {year}, the proposals are:"),
    "dr_proposal_agencies": ("- {label} (chỉ tiêu năm {year}: {target}): {agencies}.",
                             "- {label} ({year} target: {target}): {agencies}."),
    "dr_proposal_agency": ("{name} cần {changes}", "{name} to reach {changes}"),
    "dr_proposal_stuck": ("- {label} (chỉ tiêu năm {year}: {target}): không đủ cơ quan có thể đáp ứng bằng cách "
                          "thay đổi câu trả lời; cần giải pháp khác.",
                          "- {label} ({year} target: {target}): too few agencies can meet it by changing answers; "
                          "other measures are needed."),
    "dr_proposal_gap": ("- {label} (chỉ tiêu năm {year}: {target}): {gap}.",
                        "- {label} ({year} target: {target}): {gap}."),
    "dr_proposal_none": ("Với số liệu hiện tại, các chỉ tiêu năm {year} đã đạt; đề nghị các cơ quan duy trì.",
                         "With today's figures the targets for {year} are met; the agencies should keep them."),
    "dr_proposal_no_target": ("Kế hoạch không đặt chỉ tiêu năm {year}.", "The plan sets no targets for {year}."),
    "dr_proposal_submit": ("- Đôn đốc {n} cơ quan chưa được tổng hợp hoàn thành và nộp báo cáo tự đánh giá.",
                           "- Have the {n} agencies not in the figures complete and submit their self-assessment."),
}

STATUSES = ("draft", "submitted", "returned", "not_started")

# Short names of the eight fixed indicators (DESIGN.md contract), for chart titles and sheet names; the
# plan's full wording is used everywhere there is room for it.
INDICATOR_SHORT: dict[str, tuple[str, str]] = {
    "content_on_digital_platforms": ("Nội dung trên nền tảng số", "Content on digital platforms"),
    "data_ai_platform": ("Nền tảng dữ liệu, AI", "Data platform and AI"),
    "converged_newsroom": ("Tòa soạn hội tụ", "Converged newsroom"),
    "staff_trained": ("Nhân lực được đào tạo", "Staff trained"),
    "security_level3": ("An toàn thông tin cấp độ 3", "Level-3 security"),
    "urban_rural_balance": ("Tỷ trọng thụ hưởng nông thôn", "Rural share of reach"),
    "autonomy": ("Cơ quan tự chủ", "Self-financing agencies"),
    "magazine_relicensed": ("Tạp chí cấp phép lại", "Magazines re-licensed"),
}
GAP_UNIT = {"staff_trained": ("unit_person", "unit_people"), "urban_rural_balance": ("unit_reach_one", "unit_reach")}
AGENCY_UNIT = ("unit_agency", "unit_agencies")


def lang_of(lang: str) -> str:
    return "en" if lang == "en" else "vi"


def tr(key: str, lang: str = "vi", **fmt: Any) -> str:
    vi, en = WORDS[key]
    text = en if lang == "en" else vi
    return text.format(**fmt) if fmt else text


def nfc(text: str) -> str:
    """Typed Vietnamese may arrive decomposed (NFD); the PDF fonts draw precomposed letters only."""
    return unicodedata.normalize("NFC", text)


def num(value: float | None, lang: str = "vi", digits: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    if lang != "en":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def count(value: float | None, lang: str = "vi") -> str:
    """A count of people, agencies or readers: no decimals unless the figure has them."""
    if value is None:
        return "—"
    return num(value, lang, 0 if float(value).is_integer() else 2)


def fraction_text(numerator: float, denominator: float, lang: str = "vi") -> str:
    """A count over a count; a long one (readers, people) breaks after the slash, never inside a number."""
    text = f"{count(numerator, lang)}/{count(denominator, lang)}"
    return text.replace("/", "/\n") if len(text) > 12 else text


def pct(fraction: float | None, lang: str = "vi", digits: int = 1) -> str:
    return "—" if fraction is None else f"{num(float(fraction) * 100, lang, digits)}%"


def signed(value: float | None, lang: str = "vi") -> str:
    if value is None:
        return "—"
    if abs(value) < 0.05:
        return num(0.0, lang)
    return ("+" if value > 0 else "−") + num(abs(value), lang)


VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")  # no daylight saving in Việt Nam


def local(when: datetime) -> datetime:
    """The store keeps UTC; people read Việt Nam time. Naive datetimes are taken as already local."""
    return when.astimezone(VIETNAM_TIME).replace(tzinfo=None) if when.tzinfo else when


def date_long(when: date | datetime, lang: str = "vi") -> str:
    when = local(when) if isinstance(when, datetime) else when
    if lang == "en":
        return when.strftime("%d %B %Y").lstrip("0")
    return f"ngày {when.day:02d} tháng {when.month:02d} năm {when.year}"


def date_short(when: date | datetime | None, lang: str = "vi") -> str:
    if when is None:
        return "—"
    when = local(when) if isinstance(when, datetime) else when
    return when.strftime("%Y-%m-%d") if lang == "en" else when.strftime("%d/%m/%Y")


def timestamp(when: datetime, lang: str = "vi") -> str:
    when = local(when)
    return when.strftime("%Y-%m-%d %H:%M") if lang == "en" else when.strftime("%H:%M %d/%m/%Y")


def level_label(model: ModelFile, code: str | None, lang: str = "vi") -> str:
    info = level_info(model, code)
    return info.label.get(lang) if info else "—"


def status_label(status: str, lang: str = "vi") -> str:
    return tr(f"st_{status}", lang) if status in STATUSES else status


def yes_no(flag: bool | None, lang: str = "vi") -> str:
    return "—" if flag is None else tr("yes" if flag else "no", lang)


def met_label(met: bool | None, applicable: bool = True, lang: str = "vi") -> str:
    if not applicable:
        return tr("not_applicable", lang)
    if met is None:
        return tr("no_target", lang)
    return tr("met" if met else "not_met", lang)


def province_verdict(value: object | None, met: bool | None, lang: str = "vi", *, provisional: bool = False) -> str:
    """A province's indicator: no figures yet (nothing submitted it applies to), else met, not met, or
    no target that year. Without figures it said "no target" beside the year's target. While not every
    agency has submitted (`provisional`) a verdict is provisional, never "met"."""
    if value is None:
        return tr("no_data", lang)
    if provisional and met is not None:
        return tr("provisional_met" if met else "provisional_not_met", lang)
    return met_label(met, True, lang)


def target_label(target: Target | None, lang: str = "vi") -> str:
    """The plan's own wording: '>60%' is "trên 60%"; a split such as '60%/40%' is kept as written; a
    held target says so ("100% (duy trì mức 2025)")."""
    if target is None:
        return "—"
    if target.strict:
        shown = num(float(target.value) * 100, lang, 0 if (target.value * 100).denominator == 1 else 1)
        label = f"{'above' if lang == 'en' else 'trên'} {shown}%"
    else:
        label = target.label
    # a target held from an earlier year is never passed off as the plan's own target of this year
    return label if target.held_from is None else f"{label} ({tr('held', lang, year=target.held_from)})"


def indicator_short(indicator_id: str, lang: str = "vi") -> str:
    vi, en = INDICATOR_SHORT.get(indicator_id, (indicator_id, indicator_id))
    return en if lang == "en" else vi


def indicator_value(indicator_id: str, fraction: float | None, lang: str = "vi") -> str:
    """The urban/rural indicator reads as a split, like its target ("60%/40%"); the others as a share."""
    if fraction is None:
        return "—"
    if indicator_id == "urban_rural_balance":
        return f"{pct(1 - float(fraction), lang)}/{pct(fraction, lang)}"
    return pct(fraction, lang)


def gap_text(indicator_id: str, gap: int | None, met: bool | None, lang: str = "vi") -> str:
    """What an unmet indicator lacks ("cần thêm 1 cơ quan"); a dash where nothing is lacking (met) or
    nothing can be said (no target, no figures)."""
    if met is not False:
        return "—"
    if gap is None:
        return tr("gap_never", lang)
    one, many = GAP_UNIT.get(indicator_id, AGENCY_UNIT)
    unit = tr(one if gap == 1 else many, lang)
    return tr("gap_more", lang, n=count(gap, lang), unit=unit)
