/* sx_json_special.h — hand-written JSON renderers for the XDR types that
 * stellar-xdr-json prints as one string instead of their structure: keys
 * and addresses as strkeys, asset codes as escaped text, 128/256-bit
 * integer parts as decimal.  The generator routes those types here (see
 * SPECIAL_JSON in tools/xdrgen/emit_json.py). */
#ifndef SX_JSON_SPECIAL_H
#define SX_JSON_SPECIAL_H

#include "xdr/gen/sx_types.h"

int sx_json_special_PublicKey(sx_buf *b, const sx_PublicKey *v);
int sx_json_special_MuxedAccount(sx_buf *b, const sx_MuxedAccount *v);
int sx_json_special_MuxedAccountMed25519(sx_buf *b, const sx_MuxedAccountMed25519 *v);
int sx_json_special_MuxedEd25519Account(sx_buf *b, const sx_MuxedEd25519Account *v);
int sx_json_special_SignerKey(sx_buf *b, const sx_SignerKey *v);
int sx_json_special_SignerKeyEd25519SignedPayload(sx_buf *b, const sx_SignerKeyEd25519SignedPayload *v);
int sx_json_special_ContractID(sx_buf *b, const sx_ContractID *v);
int sx_json_special_PoolID(sx_buf *b, const sx_PoolID *v);
int sx_json_special_ClaimableBalanceID(sx_buf *b, const sx_ClaimableBalanceID *v);
int sx_json_special_SCAddress(sx_buf *b, const sx_SCAddress *v);
int sx_json_special_AssetCode4(sx_buf *b, const sx_AssetCode4 *v);
int sx_json_special_AssetCode12(sx_buf *b, const sx_AssetCode12 *v);
int sx_json_special_AssetCode(sx_buf *b, const sx_AssetCode *v);
int sx_json_special_Int128Parts(sx_buf *b, const sx_Int128Parts *v);
int sx_json_special_UInt128Parts(sx_buf *b, const sx_UInt128Parts *v);
int sx_json_special_Int256Parts(sx_buf *b, const sx_Int256Parts *v);
int sx_json_special_UInt256Parts(sx_buf *b, const sx_UInt256Parts *v);

#endif
