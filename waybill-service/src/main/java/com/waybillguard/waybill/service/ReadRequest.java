package com.waybillguard.waybill.service;

import com.waybillguard.waybill.domain.Caller;
import com.waybillguard.waybill.domain.RequestContext;

/**
 * One read as it arrived.
 *
 * @param waybillNo the number in the path, not yet checked
 * @param grant     the {@code X-Access-Grant} header, not yet verified, or {@code null}
 * @param caller    the account of the verified access token
 * @param context   device, client address and trace id of the request
 */
public record ReadRequest(String waybillNo, String grant, Caller caller, RequestContext context) {
}
